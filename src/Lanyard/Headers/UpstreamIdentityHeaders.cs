using Lanyard.Configuration;
using Lanyard.Identity;
using Microsoft.Extensions.Primitives;

namespace Lanyard.Headers;

/// <summary>
/// The headers stage for proxied requests. First remove what the client must not be able to assert or leak
/// upstream: every identity header (under any spelling), Lanyard's own cookies (the session and its parts, the
/// sign-in cookie, under any case: a browser sends <c>_OAUTH2_PROXY</c> tossed from a sibling domain too), which an
/// upstream has no use for and should never be able to replay, and a bearer token Lanyard refused (issue 9,
/// finding 3: the upstream must not be the one to decide about it). Then add the identity headers from the
/// verified identity (<see cref="IdentityHeaderTable.Upstream"/>). Works on the incoming request's headers, which
/// YARP copies upstream.
/// </summary>
internal sealed class UpstreamIdentityHeaders(SessionCookieOptions cookies)
{
    public void Apply(IHeaderDictionary headers, UserIdentity identity, bool bearerTokenRefused = false)
    {
        StripClientIdentityHeaders(headers);
        StripLanyardCookies(headers);
        if (bearerTokenRefused)
        {
            headers.Remove("Authorization");
        }

        foreach (var header in IdentityHeaderTable.Upstream)
        {
            // Absent rather than empty upstream: the client's copies are gone already, and apps test for presence.
            if (IdentityHeaderTable.ValueOf(identity, header.Field) is { Length: > 0 } value)
            {
                headers[header.Name] = value;
            }
        }
    }

    public static void StripClientIdentityHeaders(IHeaderDictionary headers)
    {
        List<string>? doomed = null;
        foreach (var name in headers.Keys)
        {
            if (IdentityHeaderNames.Reserved.Contains(IdentityHeaderNames.Normalize(name)))
            {
                (doomed ??= []).Add(name);
            }
        }

        if (doomed is null)
        {
            return;
        }

        foreach (var name in doomed)
        {
            headers.Remove(name);
        }
    }

    /// <summary>
    /// Rewrites the Cookie header without Lanyard's cookies. Works on spans: the session value is kilobytes, and
    /// splitting the header into strings copied it twice on every proxied request; now only what is kept is copied.
    /// </summary>
    public void StripLanyardCookies(IHeaderDictionary headers)
    {
        var cookieHeader = headers.Cookie;
        if (StringValues.IsNullOrEmpty(cookieHeader) || !cookieHeader.Any(line => line?.Contains(cookies.Name, StringComparison.OrdinalIgnoreCase) == true))
        {
            return;
        }

        var kept = new System.Text.StringBuilder();
        var removed = false;
        foreach (var line in cookieHeader)
        {
            var text = line.AsSpan();
            foreach (var range in text.Split(';'))
            {
                var pair = text[range].Trim();
                if (pair.IsEmpty)
                {
                    continue;
                }

                var equals = pair.IndexOf('=');
                if (IsLanyardCookie(equals < 0 ? pair : pair[..equals]))
                {
                    removed = true;
                    continue;
                }

                if (kept.Length > 0)
                {
                    kept.Append("; ");
                }

                kept.Append(pair);
            }
        }

        if (!removed)
        {
            return;
        }

        if (kept.Length == 0)
        {
            headers.Remove("Cookie");
        }
        else
        {
            headers.Cookie = kept.ToString();
        }
    }

    /// <summary>
    /// Lanyard's cookie names, ignoring case: <c>{cookie_name}</c>, its parts <c>{cookie_name}_{n}</c>, and the
    /// sign-in cookies <c>{cookie_name}_csrf</c> and <c>{cookie_name}_{8 characters}_csrf</c>. Lanyard reads only the
    /// exact spelling; stripping every spelling keeps the others from reaching an upstream that reads without case.
    /// </summary>
    private bool IsLanyardCookie(ReadOnlySpan<char> name)
    {
        if (!name.StartsWith(cookies.Name, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = name[cookies.Name.Length..];
        return rest.IsEmpty
               || (rest.Length > 1 && rest[0] == '_' && rest[1..].IndexOfAnyExceptInRange('0', '9') < 0)
               || rest.Equals("_csrf", StringComparison.OrdinalIgnoreCase)
               || (rest.Length == 14 && rest[0] == '_' && rest.EndsWith("_csrf", StringComparison.OrdinalIgnoreCase));
    }
}
