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
        if (!BrowserRequests.AcceptsHtml(context.Request))
        {
            HtmlPage.ApplySecurityHeaders(context.Response);
            return ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Sign-out not confirmed",
                $"This sign-out did not come from this site. Sign out with POST {EndpointPaths.Of(context).SignOut}, or from a page of this site.");
        }

        return HtmlPage.WriteAsync(context, StatusCodes.Status200OK, "Sign out?", $"""
            <h1>Sign out?</h1>
            <p>Another page asked to sign you out. Sign out only if you meant to.</p>
            <form method="post" action="{HtmlEncoder.Default.Encode(EndpointPaths.Of(context).SignOut)}">
            <input type="hidden" name="rd" value="{HtmlEncoder.Default.Encode(target)}">
            <button type="submit">Sign out</button>
            </form>
            """);
    }
}
