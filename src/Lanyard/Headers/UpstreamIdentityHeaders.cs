using Lanyard.Identity;

namespace Lanyard.Headers;

/// <summary>
/// The headers stage for proxied requests: first remove every identity header the client sent (under any spelling),
/// then add Lanyard's own from the verified identity. Works on the incoming request's headers, which YARP copies
/// to the upstream request.
/// </summary>
internal static class UpstreamIdentityHeaders
{
    public static void Apply(IHeaderDictionary headers, UserIdentity identity)
    {
        StripClientIdentityHeaders(headers);
        headers[IdentityHeaderNames.ForwardedUser] = identity.User;
        if (identity.Email is not null)
        {
            headers[IdentityHeaderNames.ForwardedEmail] = identity.Email;
        }

        if (identity.PreferredUsername is not null)
        {
            headers[IdentityHeaderNames.ForwardedPreferredUsername] = identity.PreferredUsername;
        }

        if (identity.Groups.Count > 0)
        {
            // oauth2-proxy flattens multi-valued headers into one comma-joined value.
            headers[IdentityHeaderNames.ForwardedGroups] = string.Join(',', identity.Groups);
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
}
