using System.Text;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Pages;

/// <summary>The emulator's home page: what it is, who is in its directory, and the URLs to configure.</summary>
internal static class IndexPage
{
    public static Task WriteAsync(HttpContext context, EmulatorDirectory directory, string authority)
    {
        var body = new StringBuilder()
            .Append("<h1>Lanyard Entra ID emulator</h1>")
            .Append("<p>An offline stand-in for Microsoft Entra ID's v2.0 endpoints (OpenID Connect discovery, keys, ")
            .Append("authorization code flow with PKCE, token and logout), for development and tests. Sign-in needs no password.</p>");

        body.Append("<h2>Tenants</h2><ul>");
        foreach (var tenant in directory.Tenants)
        {
            body.Append("<li>").Append(HtmlPage.Encode(tenant.Name)).Append(": <code>").Append(HtmlPage.Encode(tenant.Domain))
                .Append("</code>, <code>").Append(HtmlPage.Encode(tenant.Id)).Append("</code></li>");
        }

        body.Append("</ul><h2>Users</h2><ul>");
        foreach (var user in directory.Users)
        {
            var groups = user.GroupIds
                .Select(id => directory.Groups.FirstOrDefault(g => g.ObjectId == id)?.DisplayName ?? id);
            body.Append("<li>").Append(HtmlPage.Encode(user.DisplayName)).Append(" <code>").Append(HtmlPage.Encode(user.UserPrincipalName))
                .Append("</code> (oid <code>").Append(HtmlPage.Encode(user.ObjectId)).Append("</code>")
                .Append(user.GroupIds.Count > 0 ? ", groups: " + HtmlPage.Encode(string.Join(", ", groups)) : "")
                .Append(")</li>");
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

            body.Append("</li>");
        }

        body.Append("</ul><h2>Well-known URLs</h2><ul>");
        foreach (var segment in directory.Tenants.Select(t => t.Id).Append("common").Append("organizations"))
        {
            var url = $"{authority}/{segment}/v2.0/.well-known/openid-configuration";
            body.Append("<li><code>").Append(HtmlPage.Encode(url)).Append("</code></li>");
        }

        body.Append("</ul>");
        return HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Home", body.ToString());
    }
}
