using Lanyard.Identity;

namespace Lanyard.Headers;

/// <summary>
/// The headers a forward-auth answer (<c>/oauth2/auth</c>, 202) carries for the gateway to pass on:
/// <see cref="IdentityHeaderTable.ForwardAuth"/>. Every one is always present, empty when unknown (issue 9,
/// finding 6): a gateway that copies only the headers present in the answer (Traefik's <c>authResponseHeaders</c>,
/// Caddy's <c>copy_headers</c>) would otherwise let the client's own <c>X-Auth-Request-Email</c> through.
/// </summary>
internal static class AuthResponseHeaders
{
    public static void Apply(IHeaderDictionary headers, UserIdentity identity)
    {
        foreach (var header in IdentityHeaderTable.ForwardAuth)
        {
            headers[header.Name] = IdentityHeaderTable.ValueOf(identity, header.Field);
        }
    }
}
