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

    public static string? Read(IRequestCookieCollection cookies, string name)
    {
        if (cookies.TryGetValue(name, out var whole) && whole.Length > 0)
        {
            return whole;
        }

        if (!cookies.TryGetValue(ChunkName(name, 0), out var first))
        {
            return null;
        }

        // One allocation for the joined value: the parts are kilobytes each and this runs on every request.
        var parts = new string[MaxChunks];
        parts[0] = first;
        for (var i = 1; i < MaxChunks && cookies.TryGetValue(ChunkName(name, i), out var next); i++)
        {
            parts[i] = next;
        }

        return string.Concat(parts);
    }

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
