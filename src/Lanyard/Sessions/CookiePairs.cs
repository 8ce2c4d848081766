using Microsoft.Extensions.Primitives;

namespace Lanyard.Sessions;

/// <summary>
/// The <c>name=value</c> pairs of a request's Cookie header(s), as spans, in the order the browser sent them. Lanyard
/// reads its own cookies with this rather than <see cref="HttpRequest.Cookies"/>, which matches names without case
/// and keeps the last of two cookies with one name (issue 9, finding 8): a cookie tossed from a sibling domain as
/// <c>_OAUTH2_PROXY</c> must not be taken for <c>_oauth2_proxy</c>, and two different values under one name must be
/// seen, not silently resolved. Allocates nothing.
/// </summary>
internal ref struct CookiePairs
{
    private readonly StringValues _lines;
    private int _nextLine;
    private ReadOnlySpan<char> _rest;

    public CookiePairs(StringValues cookieHeaders)
    {
        _lines = cookieHeaders;
        _nextLine = 0;
        _rest = default;
    }

    public ReadOnlySpan<char> Name { get; private set; }

    public ReadOnlySpan<char> Value { get; private set; }

    public readonly CookiePairs GetEnumerator() => this;

    public readonly CookiePairs Current => this;

    public bool MoveNext()
    {
        while (true)
        {
            while (_rest.IsEmpty)
            {
                if (_nextLine >= _lines.Count)
                {
                    return false;
                }

                _rest = (_lines[_nextLine++] ?? "").AsSpan();
            }

            var end = _rest.IndexOf(';');
            var pair = (end < 0 ? _rest : _rest[..end]).Trim();
            _rest = end < 0 ? default : _rest[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            Name = (equals < 0 ? pair : pair[..equals]).Trim();
            Value = equals < 0 ? default : pair[(equals + 1)..].Trim();
            return true;
        }
    }
}
