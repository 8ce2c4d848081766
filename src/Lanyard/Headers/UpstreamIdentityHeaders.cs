using Lanyard.Configuration;
using Lanyard.Identity;
using Microsoft.Extensions.Primitives;

namespace Lanyard.Headers;

/// <summary>
/// The headers stage for proxied requests. First remove what the client must not be able to assert or leak
/// upstream: every identity header (under any spelling) and Lanyard's own cookies (the session and its parts, the
/// sign-in cookie), which an upstream has no use for and should never be able to replay. Then add the identity
/// headers from the verified identity. Works on the incoming request's headers, which YARP copies upstream.
/// </summary>
internal sealed class UpstreamIdentityHeaders(SessionCookieOptions cookies)
{
    public void Apply(IHeaderDictionary headers, UserIdentity identity)
    {
        StripClientIdentityHeaders(headers);
        StripLanyardCookies(headers);
        headers[IdentityHeaderNames.ForwardedUser] = HeaderValues.Safe(identity.User);
        if (identity.Email is not null)
        {
            headers[IdentityHeaderNames.ForwardedEmail] = HeaderValues.Safe(identity.Email);
        }

        if (identity.PreferredUsername is not null)
        {
            headers[IdentityHeaderNames.ForwardedPreferredUsername] = HeaderValues.Safe(identity.PreferredUsername);
        }

        if (identity.Groups.Count > 0)
        {
            // oauth2-proxy flattens multi-valued headers into one comma-joined value.
            headers[IdentityHeaderNames.ForwardedGroups] = HeaderValues.Join(identity.Groups);
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

    public void StripLanyardCookies(IHeaderDictionary headers)
    {
        var cookieHeader = headers.Cookie;
        // Most requests carry only the session cookie or none of ours beyond it; split only when a name appears.
        if (StringValues.IsNullOrEmpty(cookieHeader) || !cookieHeader.Any(line => line?.Contains(cookies.Name, StringComparison.Ordinal) == true))
        {
            return;
        }

        var kept = new List<string>();
        var removed = false;
        foreach (var line in cookieHeader)
        {
            foreach (var pair in (line ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var name = pair.Split('=', 2)[0];
                if (IsLanyardCookie(name))
                {
                    removed = true;
                }
                else
                {
                    kept.Add(pair);
                }
            }
        }

        if (!removed)
        {
            return;
        }

        if (kept.Count == 0)
        {
            headers.Remove("Cookie");
        }
        else
        {
            headers.Cookie = string.Join("; ", kept);
        }
    }

    private bool IsLanyardCookie(string name) =>
        name == cookies.Name || cookies.IsSignInCookieName(name) || IsSessionPart(name);

    // A part of a split session: "{cookie_name}_0", "{cookie_name}_1", ...
    private bool IsSessionPart(string name) =>
        name.Length > cookies.Name.Length + 1
        && name.StartsWith(cookies.Name, StringComparison.Ordinal)
        && name[cookies.Name.Length] == '_'
        && name.AsSpan(cookies.Name.Length + 1).IndexOfAnyExceptInRange('0', '9') < 0;
}
