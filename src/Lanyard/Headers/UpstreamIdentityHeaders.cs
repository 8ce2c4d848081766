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

    /// <summary>
    /// Rewrites the Cookie header without Lanyard's cookies. Works on spans: the session value is kilobytes, and
    /// splitting the header into strings copied it twice on every proxied request; now only what is kept is copied.
    /// </summary>
    public void StripLanyardCookies(IHeaderDictionary headers)
    {
        var cookieHeader = headers.Cookie;
        if (StringValues.IsNullOrEmpty(cookieHeader) || !cookieHeader.Any(line => line?.Contains(cookies.Name, StringComparison.Ordinal) == true))
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

    private bool IsLanyardCookie(ReadOnlySpan<char> name) =>
        name.SequenceEqual(cookies.Name) || (name.StartsWith(cookies.Name, StringComparison.Ordinal) && (IsSessionPart(name) || cookies.IsSignInCookieName(name)));

    // A part of a split session: "{cookie_name}_0", "{cookie_name}_1", ...
    private bool IsSessionPart(ReadOnlySpan<char> name) =>
        name.Length > cookies.Name.Length + 1
        && name.StartsWith(cookies.Name, StringComparison.Ordinal)
        && name[cookies.Name.Length] == '_'
        && name[(cookies.Name.Length + 1)..].IndexOfAnyExceptInRange('0', '9') < 0;
}
