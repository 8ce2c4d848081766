using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Pages;

/// <summary>The shared frame of the emulator's pages. Every piece of text that reaches a page goes through <see cref="Encode"/>.</summary>
internal static class HtmlPage
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}" +
        "main{max-width:40rem;margin:3rem auto;background:#fff;padding:2rem 2.5rem;box-shadow:0 2px 6px rgba(0,0,0,.2)}" +
        "h1{font-size:1.5rem;font-weight:600}h2{font-size:1.1rem;margin-top:1.5rem}" +
        "button{display:block;width:100%;text-align:left;padding:.75rem 1rem;margin:.5rem 0;border:1px solid #ccc;background:#fff;cursor:pointer;font:inherit}" +
        "button:hover{background:#f0f6ff}.email{color:#555;font-size:.9rem}.note{background:#fff4ce;padding:.5rem 1rem}" +
        "code{background:#f4f4f4;padding:0 .2rem;word-break:break-all}dt{font-weight:600}footer{color:#777;font-size:.8rem;margin-top:2rem}";

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <param name="title">Plain text; encoded here.</param>
    /// <param name="bodyHtml">Markup whose text parts the caller has already encoded.</param>
    public static async Task WriteAsync(HttpContext context, int statusCode, string title, string bodyHtml)
    {
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" - Lanyard Entra ID emulator</title>")
            .Append("<style>").Append(Style).Append("</style></head><body><main>")
            .Append(bodyHtml)
            .Append("<footer>Lanyard offline Entra ID emulator - not Microsoft, no real accounts.</footer>")
            .Append("</main></body></html>")
            .ToString();

        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";

        // No scripts at all, and the pages may not be framed (they carry sign-in buttons).
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        await response.WriteAsync(page, Encoding.UTF8, context.RequestAborted);
    }
}
