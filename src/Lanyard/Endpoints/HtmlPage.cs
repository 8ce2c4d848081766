namespace Lanyard.Endpoints;

/// <summary>
/// Lanyard's own small pages (sign in, "Sign out?"): never cached, never framed (their buttons cannot be
/// clickjacked), no script, forms only to this site. Callers HTML-encode everything they put in the body.
/// </summary>
internal static class HtmlPage
{
    public static void ApplySecurityHeaders(HttpResponse response)
    {
        NoCacheHeaders.Apply(response);
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
    }

    /// <param name="encodedBody">HTML already encoded by the caller.</param>
    public static Task WriteAsync(HttpContext context, int statusCode, string title, string encodedBody)
    {
        var response = context.Response;
        ApplySecurityHeaders(response);
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
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}button{font-size:1.1rem;padding:.6rem 1.2rem}</style>
            </head><body>
            {{encodedBody}}
            </body></html>
            """);
    }
}
