using System.Text.Encodings.Web;

namespace Lanyard.Endpoints;

/// <summary>
/// "Sign out?" with one button that POSTs the sign-out from this site: what a sign-out another site started
/// (issue 9, finding 9) gets instead of being carried out. It may not be framed, so the button cannot be
/// clickjacked; non-browsers get a 403 that says how to sign out.
/// </summary>
internal static class SignOutConfirmationPage
{
    public static Task WriteAsync(HttpContext context, string target)
    {
        var response = context.Response;
        NoCacheHeaders.Apply(response);
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        if (!BrowserRequests.AcceptsHtml(context.Request))
        {
            return ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Sign-out not confirmed",
                "This sign-out did not come from this site. Sign out with POST /oauth2/sign_out, or from a page of this site.");
        }

        var html = HtmlEncoder.Default;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign out?</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}</style>
            </head><body>
            <h1>Sign out?</h1>
            <p>Another page asked to sign you out. Sign out only if you meant to.</p>
            <form method="post" action="/oauth2/sign_out">
            <input type="hidden" name="rd" value="{{html.Encode(target)}}">
            <button type="submit">Sign out</button>
            </form>
            </body></html>
            """);
    }
}
