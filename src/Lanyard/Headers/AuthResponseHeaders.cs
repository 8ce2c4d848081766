using Lanyard.Sessions;

namespace Lanyard.Headers;

/// <summary>
/// The headers a forward-auth answer (<c>/oauth2/auth</c>, 202) carries for the gateway to pass on: the table's
/// response rows, <c>GAP-Auth</c>, and every reserved <c>X-Auth-Request-*</c> name. Each is always present, empty when
/// unknown or not configured (issue 9, finding 6), and the signed identity token when <c>identity_token_header</c> names one: a gateway that copies only the headers present in the answer
/// (Traefik's <c>authResponseHeaders</c>, Caddy's <c>copy_headers</c>) would otherwise let the client's own
/// <c>X-Auth-Request-Email</c> through. <c>set_xauthrequest</c> decides whether they carry values, not whether they exist.
/// </summary>
internal sealed class AuthResponseHeaders(IdentityHeaderTable table)
{
    private static readonly string[] AlwaysPresent =
    [
        IdentityHeaderNames.AuthRequestUser, IdentityHeaderNames.AuthRequestEmail,
        IdentityHeaderNames.AuthRequestPreferredUsername, IdentityHeaderNames.AuthRequestGroups, IdentityHeaderNames.AuthRequestAccessToken,
    ];

    /// <summary>
    /// An answer that lets a request pass without an identity (a skipped route): every header present and empty, so
    /// a gateway overwrites the client's copies with nothing.
    /// </summary>
    public void ApplyAnonymous(IHeaderDictionary headers)
    {
        foreach (var name in AlwaysPresent)
        {
            headers[name] = "";
        }

        foreach (var header in table.Response)
        {
            headers[header.Name] = "";
        }

        headers[IdentityHeaderNames.GapAuth] = "";
        table.SetIdentityToken(headers, ticket: null, emptyWhenNone: true);
    }

    public void Apply(IHeaderDictionary headers, SessionTicket ticket)
    {
        foreach (var name in AlwaysPresent)
        {
            headers[name] = "";
        }

        foreach (var header in table.Response)
        {
            headers[header.Name] = IdentityHeaderTable.Render(header, ticket) ?? "";
        }

        headers[IdentityHeaderNames.GapAuth] = IdentityHeaderTable.GapAuth(ticket);
        table.SetIdentityToken(headers, ticket, emptyWhenNone: true);
    }
}
