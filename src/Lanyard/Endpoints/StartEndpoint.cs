using Lanyard.Configuration;
using Lanyard.Providers.Oidc;
using Lanyard.Security;
using Lanyard.Sessions;

namespace Lanyard.Endpoints;

/// <summary>
/// <c>GET /oauth2/start?rd=…&amp;login_hint=…</c>: begins a sign-in. Makes a fresh state, nonce and PKCE verifier,
/// binds them to this browser in the CSRF cookie, and sends the browser to the provider.
/// </summary>
internal sealed class StartEndpoint(
    LanyardOptions options,
    OidcProvider provider,
    SignInAttemptCookie attempts,
    ValidateRedirectTarget redirects,
    TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var attempt = new SignInAttempt(
            State: RandomTokens.Create(),
            Nonce: RandomTokens.Create(),
            CodeVerifier: RandomTokens.Create(),
            RedirectTarget: redirects.RequestedTarget(request),
            RedirectUri: CallbackUri.For(request, options),
            ExpiresAt: time.GetUtcNow() + options.Cookie.CsrfExpire);

        var authorizeUrl = await provider.BuildAuthorizeUrlAsync(attempt, OAuthState.ToWire(attempt.State, options.Redirect.EncodeState), request.Query["login_hint"], context.RequestAborted);
        if (authorizeUrl is null)
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Identity provider unavailable",
                $"Sign-in with {provider.DisplayName} is not possible right now: its configuration could not be loaded. Try again shortly.");
            return;
        }

        attempts.Write(context, attempt);
        NoCacheHeaders.Apply(context.Response);
        context.Response.Redirect(authorizeUrl);
    }
}
