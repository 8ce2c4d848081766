using Lanyard.Configuration;

namespace Lanyard.Endpoints;

/// <summary>
/// Lanyard's own small pages (sign in, "Sign out?"): never cached, never framed (their buttons cannot be
/// clickjacked), no script, forms only to this site. Callers HTML-encode everything they put in the body.
/// </summary>
internal static class HtmlPage
{
    public static void ApplySecurityHeaders(HttpResponse response, PageOptions? pages = null, bool customTemplate = false)
    {
        NoCacheHeaders.Apply(response);
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = customTemplate
            // An operator's template may use https stylesheets, images and fonts (a CDN's Bulma, say), never script.
            ? "default-src 'none'; style-src 'self' https: 'unsafe-inline'; img-src 'self' https: data:; font-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
            : "default-src 'none'; style-src 'unsafe-inline'; " + (pages?.Logo is { } logo ? $"img-src {logo.ContentSecuritySource}; " : "") + "form-action 'self'; frame-ancestors 'none'";
    }

    /// <param name="encodedBody">HTML already encoded by the caller.</param>
    public static Task WriteAsync(HttpContext context, int statusCode, string title, string encodedBody, PageOptions? pages = null)
    {
        var response = context.Response;
        ApplySecurityHeaders(response, pages);
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        return response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{title}}</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex, nofollow">
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}button{font-size:1.1rem;padding:.6rem 1.2rem}footer{margin-top:3rem;color:#777}</style>
            </head><body>
            {{encodedBody}}
            </body></html>
            """);
    }

    /// <summary>An operator's template (<c>custom_templates_dir</c>), already rendered with escaped values.</summary>
    public static Task WriteRenderedAsync(HttpContext context, int statusCode, string html)
    {
        var response = context.Response;
        ApplySecurityHeaders(response, customTemplate: true);
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.WriteAsync(html);
    }

    /// <summary>oauth2-proxy's footer rule: <c>-</c> none, empty the default line, anything else the operator's HTML.</summary>
    public static string Footer(PageOptions pages) => pages switch
    {
        { HidesFooter: true } => "",
        { Footer: "" } => "<footer><small>Secured with Lanyard</small></footer>",
        _ => $"<footer><small>{pages.Footer}</small></footer>",
    };
}
