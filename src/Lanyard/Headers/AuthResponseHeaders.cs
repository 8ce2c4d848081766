using Lanyard.Identity;

namespace Lanyard.Headers;

/// <summary>
/// The headers a forward-auth answer (<c>/oauth2/auth</c>, 202) carries for the gateway to pass on:
/// oauth2-proxy's <c>X-Auth-Request-*</c> set and <c>GAP-Auth</c>.
/// </summary>
internal static class AuthResponseHeaders
{
    public static void Apply(IHeaderDictionary headers, UserIdentity identity)
    {
        headers[IdentityHeaderNames.AuthRequestUser] = HeaderValues.Safe(identity.User);
        if (identity.Email is not null)
        {
            headers[IdentityHeaderNames.AuthRequestEmail] = HeaderValues.Safe(identity.Email);
        }

        if (identity.PreferredUsername is not null)
        {
            headers[IdentityHeaderNames.AuthRequestPreferredUsername] = HeaderValues.Safe(identity.PreferredUsername);
        }

        if (identity.Groups.Count > 0)
        {
            headers[IdentityHeaderNames.AuthRequestGroups] = HeaderValues.Join(identity.Groups);
        }

        headers[IdentityHeaderNames.GapAuth] = HeaderValues.Safe(identity.Email ?? identity.User);
    }
}
