using System.Text;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Pages;

/// <summary>
/// The account picker: one button per user who may sign in here, in a form that posts every original authorize
/// parameter back to the same URL plus <c>username</c>. No passwords: the emulator trusts whoever clicks.
/// </summary>
internal static class SignInPage
{
    public static Task WriteAsync(
        HttpContext context,
        EmulatorApplication application,
        IReadOnlyList<EmulatorUser> users,
        IEnumerable<KeyValuePair<string, string>> parameters,
        string? note)
    {
        var action = $"{context.Request.PathBase}{context.Request.Path}";
        var body = new StringBuilder()
            .Append("<h1>Pick an account</h1>")
            .Append("<p>to continue to <strong>").Append(HtmlPage.Encode(application.Name)).Append("</strong></p>");
        if (note is not null)
        {
            body.Append("<p class=\"note\">").Append(HtmlPage.Encode(note)).Append("</p>");
        }

        body.Append("<form method=\"post\" action=\"").Append(HtmlPage.Encode(action)).Append("\">");
        foreach (var (name, value) in parameters)
        {
            if (name == "username")
            {
                continue;
            }

            body.Append("<input type=\"hidden\" name=\"").Append(HtmlPage.Encode(name))
                .Append("\" value=\"").Append(HtmlPage.Encode(value)).Append("\">");
        }

        foreach (var user in users)
        {
            body.Append("<button type=\"submit\" name=\"username\" value=\"").Append(HtmlPage.Encode(user.UserPrincipalName)).Append("\">")
                .Append(HtmlPage.Encode(user.DisplayName))
                .Append("<br><span class=\"email\">").Append(HtmlPage.Encode(user.Email ?? user.UserPrincipalName)).Append("</span></button>");
        }

        if (users.Count == 0)
        {
            body.Append("<p>No account in the emulator's directory can sign in here.</p>");
        }

        body.Append("</form>");
        return HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Sign in", body.ToString());
    }
}
