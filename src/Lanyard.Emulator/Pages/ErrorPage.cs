using System.Globalization;
using System.Text;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Pages;

/// <summary>
/// Entra's "Sorry, but we're having trouble signing you in" page, shown instead of redirecting when the client or
/// redirect URI is not trusted (entra-protocol.md §2), with the same Request Id / Correlation Id / Timestamp block.
/// </summary>
internal static class ErrorPage
{
    public static Task WriteAsync(HttpContext context, EntraError error, ErrorStamp stamp)
    {
        var body = new StringBuilder()
            .Append("<h1>Sorry, but we\u2019re having trouble signing you in.</h1>")
            .Append("<p>").Append(HtmlPage.Encode(string.Create(CultureInfo.InvariantCulture, $"AADSTS{error.Code}: {error.Message}"))).Append("</p>")
            .Append("<h2>Troubleshooting details</h2><dl>")
            .Append("<dt>Request Id</dt><dd><code>").Append(HtmlPage.Encode(stamp.TraceId)).Append("</code></dd>")
            .Append("<dt>Correlation Id</dt><dd><code>").Append(HtmlPage.Encode(stamp.CorrelationId)).Append("</code></dd>")
            .Append("<dt>Timestamp</dt><dd>").Append(HtmlPage.Encode(stamp.Timestamp)).Append("</dd>")
            .Append("<dt>Message</dt><dd>").Append(HtmlPage.Encode(stamp.Describe(error))).Append("</dd>")
            .Append("</dl>");
        var status = error.StatusCode == 500 ? 500 : 400;
        return HtmlPage.WriteAsync(context, status, "Sign in error", body.ToString());
    }
}
