using System.Globalization;

namespace Lanyard.Sessions;

/// <summary>
/// Splits a cookie value that is too big for one cookie over <c>name_0</c>, <c>name_1</c>, … (oauth2-proxy's
/// naming, which existing nginx configs refer to) and puts it back together. Browsers keep about 4 KB per cookie;
/// Entra ID tokens alone often exceed that.
/// </summary>
internal static class ChunkedCookies
{
    /// <summary>The largest Set-Cookie header (name, value and attributes) written as one cookie.</summary>
    public const int MaxCookieSize = 4000;

    /// <summary>
    /// At most this many parts (about 16 KB): the Cookie header must stay well inside Kestrel's 32 KB request-header
    /// limit. Behind nginx, more than one part needs <c>large_client_header_buffers</c> above its 8 KB default.
    /// </summary>
    public const int MaxChunks = 4;

    /// <summary>
    /// The session cookie's value, whole or joined from its parts, matching names exactly (see <see cref="CookiePairs"/>).
    /// </summary>
    /// <exception cref="AmbiguousSessionCookieException">Two different values came under one of the names.</exception>
    public static string? Read(HttpRequest request, string name) => Find(request, name).ToStringOrNull();

    /// <summary>
    /// The session cookie's value as slices of the Cookie header, whole or its parts in order, not yet copied:
    /// a decoded session is found by hashing the slices, so the kilobytes are copied only when it must be decrypted.
    /// </summary>
    /// <exception cref="AmbiguousSessionCookieException">Two different values came under one of the names.</exception>
    public static SessionCookieValue Find(HttpRequest request, string name)
    {
        ReadOnlyMemory<char>? whole = null;
        var parts = new SessionCookieValue.Parts();
        foreach (var cookie in new CookiePairs(request.Headers.Cookie))
        {
            if (cookie.Name.SequenceEqual(name))
            {
                Keep(ref whole, cookie.ValueMemory, name);
            }
            else if (PartIndex(cookie.Name, name) is var index and >= 0)
            {
                Keep(ref parts[index], cookie.ValueMemory, name);
            }
        }

        if (whole is { Length: > 0 } value)
        {
            return new SessionCookieValue(value);
        }

        // The parts up to the first gap.
        var count = 0;
        while (count < MaxChunks && parts[count] is not null)
        {
            count++;
        }

        return new SessionCookieValue(parts, count);
    }

    /// <summary>The first value seen under a name; a second, different one makes the request ambiguous.</summary>
    private static void Keep(ref ReadOnlyMemory<char>? kept, ReadOnlyMemory<char> value, string name)
    {
        if (kept is null)
        {
            kept = value;
        }
        else if (!value.Span.SequenceEqual(kept.Value.Span))
        {
            throw new AmbiguousSessionCookieException(name);
        }
    }

    /// <summary>0-based part number of <c>{name}_{n}</c> (n below <see cref="MaxChunks"/>), else -1.</summary>
    private static int PartIndex(ReadOnlySpan<char> cookieName, string name) =>
        cookieName.Length == name.Length + 2 && cookieName.StartsWith(name, StringComparison.Ordinal) && cookieName[name.Length] == '_'
        && cookieName[^1] is >= '0' and <= '9' && cookieName[^1] - '0' < MaxChunks
            ? cookieName[^1] - '0'
            : -1;

    /// <summary>
    /// Writes the value whole or in parts, and expires every other name the session could have used, whatever the
    /// request carried: a browser that kept a part this request did not send must not keep a stale session.
    /// </summary>
    public static void Write(HttpContext context, string name, string value, CookieOptions options)
    {
        var overhead = options.CreateCookieHeader(ChunkName(name, MaxChunks), "").ToString().Length;
        var room = MaxCookieSize - overhead;
        if (value.Length + overhead <= MaxCookieSize)
        {
            context.Response.Cookies.Append(name, value, options);
            ExpireChunksFrom(context, name, 0, options);
            return;
        }

        var count = (value.Length + room - 1) / room;
        if (count > MaxChunks)
        {
            throw new SessionTooLargeException(value.Length, MaxChunks * room);
        }

        for (var i = 0; i < count; i++)
        {
            var start = i * room;
            context.Response.Cookies.Append(ChunkName(name, i), value.Substring(start, Math.Min(room, value.Length - start)), options);
        }

        context.Response.Cookies.Delete(name, options);
        ExpireChunksFrom(context, name, count, options);
    }

    /// <summary>Expires the cookie and every part it could have been split into (oauth2-proxy clears <c>^name(_\d+)?$</c>).</summary>
    public static void Delete(HttpContext context, string name, CookieOptions options)
    {
        context.Response.Cookies.Delete(name, options);
        ExpireChunksFrom(context, name, 0, options);
    }

    private static void ExpireChunksFrom(HttpContext context, string name, int first, CookieOptions options)
    {
        for (var i = first; i < MaxChunks; i++)
        {
            context.Response.Cookies.Delete(ChunkName(name, i), options);
        }
    }

    private static string ChunkName(string name, int index) => name + "_" + index.ToString(CultureInfo.InvariantCulture);
}
