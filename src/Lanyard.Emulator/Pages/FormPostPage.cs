using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Pages;

/// <summary>
/// <c>response_mode=form_post</c> (OAuth 2.0 Form Post Response Mode): a page whose form carries the parameters as
/// hidden fields to the redirect URI and submits itself. The markup follows the page Entra serves ("Working...",
/// a form named <c>hiddenform</c>, a script that submits it, and a Submit button for browsers without script).
/// </summary>
internal static class FormPostPage
{
    private const string Script = "document.forms[0].submit();";

    // The one inline script is allowed by its hash, so the page still runs nothing else.
    private static readonly string ScriptHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)));

    public static async Task WriteAsync(HttpContext context, string redirectUri, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var page = new StringBuilder("<html><head><title>Working...</title></head><body>")
            .Append("<form method=\"POST\" name=\"hiddenform\" action=\"").Append(HtmlPage.Encode(redirectUri)).Append("\">");
        foreach (var (name, value) in parameters)
        {
            page.Append("<input type=\"hidden\" name=\"").Append(HtmlPage.Encode(name))
                .Append("\" value=\"").Append(HtmlPage.Encode(value)).Append("\" />");
        }

        page.Append("<noscript><p>Script is disabled. Click Submit to continue.</p><input type=\"submit\" value=\"Submit\" /></noscript>")
            .Append("</form><script>").Append(Script).Append("</script></body></html>");

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";

        // form-action is left open on purpose: the form's whole job is to post to the application's redirect URI.
        response.Headers.ContentSecurityPolicy = $"default-src 'none'; script-src 'sha256-{ScriptHash}'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        await response.WriteAsync(page.ToString(), Encoding.UTF8, context.RequestAborted);
    }
}
