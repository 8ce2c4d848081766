using System.Text.Encodings.Web;
using Lanyard.Configuration;
using Lanyard.Providers.Oidc;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Endpoints;

/// <summary>
/// oauth2-proxy's sign-in page: one button, "Sign in with {provider}", that starts the sign-in and comes back to
/// where the user was going. <c>GET /oauth2/sign_in</c> shows it with 200; a proxied page without a session shows
/// it with 403 (as oauth2-proxy), so nothing mistakes it for the app. With <c>skip_provider_button</c> both go
/// straight to <c>/oauth2/start</c>. It changes no state: the button is a GET to <c>/oauth2/start</c>, which makes
/// the sign-in attempt.
/// </summary>
internal sealed class SignInPage(LanyardOptions options, OidcProvider provider, ValidateRedirectTarget redirects, EndpointPaths paths)
{
    /// <summary><c>GET /oauth2/sign_in?rd=…</c>.</summary>
    public Task HandleAsync(HttpContext context) =>
        WriteAsync(context, redirects.RequestedTarget(context.Request), StatusCodes.Status200OK);

    /// <summary>The page, or with <c>skip_provider_button</c> the redirect to start signing in.</summary>
    public Task WriteAsync(HttpContext context, string target, int statusCode)
    {
        if (options.Redirect.SkipProviderButton)
        {
            NoCacheHeaders.Apply(context.Response);
            context.Response.Redirect(QueryHelpers.AddQueryString(paths.Start, "rd", target));
            return Task.CompletedTask;
        }

        var html = HtmlEncoder.Default;
        return HtmlPage.WriteAsync(context, statusCode, "Sign in", $"""
            <h1>Sign in</h1>
            <form method="get" action="{html.Encode(paths.Start)}">
            <input type="hidden" name="rd" value="{html.Encode(target)}">
            <button type="submit">Sign in with {html.Encode(provider.DisplayName)}</button>
            </form>
            """);
    }
}
