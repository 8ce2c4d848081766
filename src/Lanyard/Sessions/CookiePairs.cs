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
    private string _line;
    private int _position;

    public CookiePairs(StringValues cookieHeaders)
    {
        _lines = cookieHeaders;
        _nextLine = 0;
        _line = "";
        _position = 0;
    }

    public readonly ReadOnlySpan<char> Name => NameMemory.Span;

    public readonly ReadOnlySpan<char> Value => ValueMemory.Span;

    /// <summary>The name as a slice of the header line, for a caller that keeps it past this pair.</summary>
    public ReadOnlyMemory<char> NameMemory { get; private set; }

    /// <summary>The value as a slice of the header line: kept without copying (a session cookie is kilobytes).</summary>
    public ReadOnlyMemory<char> ValueMemory { get; private set; }

    public readonly CookiePairs GetEnumerator() => this;

    public readonly CookiePairs Current => this;

    public bool MoveNext()
    {
        while (true)
        {
            while (_position >= _line.Length)
            {
                if (_nextLine >= _lines.Count)
                {
                    return false;
                }

                _line = _lines[_nextLine++] ?? "";
                _position = 0;
            }

            var end = _line.AsSpan(_position).IndexOf(';');
            var length = end < 0 ? _line.Length - _position : end;
            var pair = _line.AsMemory(_position, length).Trim();
            _position += end < 0 ? length : length + 1;
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.Span.IndexOf('=');
            NameMemory = (equals < 0 ? pair : pair[..equals]).Trim();
            ValueMemory = equals < 0 ? default : pair[(equals + 1)..].Trim();
            return true;
        }
    }
}
