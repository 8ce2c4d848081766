using System.Text;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Pages;

/// <summary>The emulator's home page: what it is, who is in its directory, and the URLs to configure and to drive it.</summary>
internal static class IndexPage
{
    // Erin's 250 groups would bury the page; a few names and the count say enough.
    private const int GroupsShown = 5;

    public static Task WriteAsync(HttpContext context, EmulatorDirectory directory, string authority)
    {
        var body = new StringBuilder()
            .Append("<h1>Lanyard Entra ID emulator</h1>")
            .Append("<p>An offline stand-in for Microsoft Entra ID's v2.0 endpoints (OpenID Connect discovery, keys, ")
            .Append("authorize with code, ID token and hybrid responses in query, fragment or form_post, token and logout), ")
            .Append("Microsoft Graph's membership calls, the managed identity ")
            .Append("endpoint and a Kubernetes-style federated issuer, for development and tests. Sign-in needs no password.</p>");

        body.Append("<h2>Tenants</h2><ul>");
        foreach (var tenant in directory.Tenants)
        {
            body.Append("<li>").Append(HtmlPage.Encode(tenant.Name)).Append(": <code>").Append(HtmlPage.Encode(tenant.Domain))
                .Append("</code>, <code>").Append(HtmlPage.Encode(tenant.Id)).Append("</code>")
                .Append(tenant.IsPersonalAccounts ? " (personal accounts, also <code>consumers</code>)" : "").Append("</li>");
        }

        body.Append("</ul><h2>Users</h2><ul>");
        foreach (var user in directory.Users)
        {
            body.Append("<li>").Append(HtmlPage.Encode(user.DisplayName)).Append(" <code>").Append(HtmlPage.Encode(user.UserPrincipalName))
                .Append("</code> (oid <code>").Append(HtmlPage.Encode(user.ObjectId)).Append("</code>")
                .Append(Memberships(directory, user)).Append(")</li>");
        }

        body.Append("</ul><h2>App registrations</h2><ul>");
        foreach (var app in directory.Applications)
        {
            body.Append("<li>").Append(HtmlPage.Encode(app.Name)).Append(": client id <code>").Append(HtmlPage.Encode(app.ClientId))
                .Append("</code>, ").Append(HtmlPage.Encode(app.SignInAudience.ToString())).Append(", redirect URIs ")
                .Append(HtmlPage.Encode(string.Join(" ", app.RedirectUris)));

            // Only the dev app's secret is shown: it is a published constant. Secrets from a directory file are not.
            if (app.ClientId == DemoDirectory.DevClientId && app.ClientSecrets.Contains(DemoDirectory.DevClientSecret))
            {
                body.Append(", client secret <code>").Append(HtmlPage.Encode(DemoDirectory.DevClientSecret)).Append("</code>");
            }

            foreach (var credential in app.FederatedIdentityCredentials)
            {
                body.Append("<br>federated credential <code>").Append(HtmlPage.Encode(credential.IssuerFor(authority)))
                    .Append("</code> / <code>").Append(HtmlPage.Encode(credential.Subject)).Append("</code>");
            }

            body.Append("</li>");
        }

        body.Append("</ul><h2>Managed identities</h2><ul>");
        foreach (var identity in directory.ManagedIdentities)
        {
            body.Append("<li>").Append(HtmlPage.Encode(identity.DisplayName)).Append(" (").Append(HtmlPage.Encode(identity.Kind.ToString()))
                .Append("): object id <code>").Append(HtmlPage.Encode(identity.ObjectId)).Append("</code>, client id <code>")
                .Append(HtmlPage.Encode(identity.ClientId)).Append("</code></li>");
        }

        body.Append("</ul><h2>Well-known URLs</h2><ul>");
        foreach (var segment in directory.Tenants.Where(t => !t.IsPersonalAccounts).Select(t => t.Id).Append("common").Append("organizations").Append("consumers"))
        {
            Url(body, $"{authority}/{segment}/v2.0/.well-known/openid-configuration");
        }

        body.Append("</ul>");
        Services(body, authority);
        return HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Home", body.ToString());
    }

    private static string Memberships(EmulatorDirectory directory, EmulatorUser user)
    {
        var groups = user.GroupIds.Select(id => directory.FindGroup(id)?.DisplayName ?? id).ToList();
        var text = groups.Count switch
        {
            0 => "",
            <= GroupsShown => ", groups: " + string.Join(", ", groups),
            _ => $", {groups.Count} groups: {string.Join(", ", groups.Take(GroupsShown))}, …",
        };
        var roles = user.DirectoryRoleIds.Select(id => directory.FindDirectoryRole(id)?.DisplayName ?? id).ToList();
        return HtmlPage.Encode(roles.Count > 0 ? $"{text}, directory roles: {string.Join(", ", roles)}" : text);
    }

    private static void Services(StringBuilder body, string authority)
    {
        body.Append("<h2>Microsoft Graph</h2><p>Bearer access tokens from this emulator, audience Graph, with <code>User.Read</code> ")
            .Append("(ask for it in <code>scope</code>). Paged with <code>$top</code> (at most 999) and <code>@odata.nextLink</code>.</p><ul>");
        Url(body, $"{authority}/v1.0/me");
        Url(body, $"{authority}/v1.0/me/transitiveMemberOf/microsoft.graph.group?$select=id&$top=999");
        Url(body, $"{authority}/v1.0/users/{{id}}/transitiveMemberOf");
        Url(body, $"POST {authority}/v1.0/me/getMemberObjects");
        body.Append("</ul><h2>Managed identity (IMDS)</h2><p>With header <code>Metadata: true</code>; add <code>client_id</code> ")
            .Append("for a user-assigned identity.</p><ul>");
        Url(body, $"{authority}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://AzureADTokenExchange");
        body.Append("</ul><h2>Federated issuer (Kubernetes service accounts)</h2><p>POST a form with <code>sub</code> (optional ")
            .Append("<code>aud</code>, <code>lifetime</code> seconds) to mint a token for <code>client_assertion</code>.</p><ul>");
        Url(body, $"{authority}/federation/{DemoDirectory.KubernetesFederationName}/.well-known/openid-configuration");
        Url(body, $"POST {authority}/federation/{DemoDirectory.KubernetesFederationName}/token");
        body.Append("</ul><h2>Operator API (for end-to-end tests)</h2><ul>");
        Url(body, $"POST {authority}/_emulator/keys/rotate — new active signing key; the old ones stay published; returns the kid");
        Url(body, $"GET|POST {authority}/_emulator/faults — read, or set with a JSON object: signTokensWithUnpublishedKey, " +
            "corruptTokenSignatures, strictRefreshTokenRotation, graphThrottleResponses (count), graphUnavailable, revokeRefreshTokens, " +
            "tokenEndpointDelayMilliseconds (count), backdateTokensSeconds (count)");
        Url(body, $"GET {authority}/_emulator/stats — counts of code and refresh-token redemptions, assertions, Graph and IMDS calls, key-set and discovery fetches");
        body.Append("</ul>");
    }

    private static void Url(StringBuilder body, string text) =>
        body.Append("<li><code>").Append(HtmlPage.Encode(text)).Append("</code></li>");
}
