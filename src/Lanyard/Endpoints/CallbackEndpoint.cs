using Lanyard.Authorization;
using Lanyard.Configuration;
using Lanyard.Observability;
using Lanyard.Providers.Oidc;
using Lanyard.Security;
using Lanyard.Sessions;

namespace Lanyard.Endpoints;

/// <summary>
/// <c>GET /oauth2/callback</c>: finishes a sign-in. The CSRF cookie must exist and its state must equal the
/// returned <c>state</c>; the code is redeemed with the PKCE verifier; the ID token is validated (signature,
/// issuer, audience, lifetime, nonce); the user must pass the access rules; then the session is saved and the
/// browser goes back to where it started. Every failure is a 4xx (or 502 when the provider failed) with a reason.
/// </summary>
internal sealed class CallbackEndpoint(
    LanyardOptions options,
    OidcProvider provider,
    SignInAttemptCookie attempts,
    ISessionStore sessions,
    AccessEvaluator access,
    TimeProvider time,
    LanyardMetrics metrics,
    ILoggerFactory loggers)
{
    private readonly ILogger _audit = loggers.CreateLogger(LogCategories.Audit);
    private readonly ILogger _logger = loggers.CreateLogger<CallbackEndpoint>();

    public async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var state = OAuthState.FromWire(query["state"].ToString(), options.Redirect.EncodeState);
        var attempt = attempts.Read(context, state);

        // The attempt is single use: whatever happens next, this browser must start again for another try.
        attempts.Clear(context, state);

        if (attempt is null)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "Sign-in expired",
                "This sign-in was not started in this browser, or it took too long. Start again.", "no valid CSRF cookie", "expired");
            return;
        }

        // State first: an error answer is believed only when it belongs to this browser's sign-in.
        if (!Secret.FixedTimeEquals(state, attempt.State))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "Sign-in refused",
                "The answer from the identity provider does not belong to this sign-in (state mismatch). Start again.", "state mismatch", "state_mismatch");
            return;
        }

        if (query["error"].ToString() is { Length: > 0 } error)
        {
            var description = query["error_description"].ToString();
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "Sign-in failed",
                $"{provider.DisplayName} reported: {Truncate(error, 64)}{(description.Length > 0 ? " — " + Truncate(description, 300) : "")}", "provider error " + Truncate(error, 64), "provider_error");
            return;
        }

        if (query["code"].ToString() is not { Length: > 0 and <= 4096 } code)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Sign-in failed", "The identity provider's answer has no authorization code.", "no code", "no_code");
            return;
        }

        switch (await provider.CompleteSignInAsync(code, attempt, context.RequestAborted))
        {
            case SignInResult.SignedIn signedIn:
                await FinishAsync(context, signedIn, attempt);
                return;
            case SignInResult.Rejected rejected:
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "Sign-in refused", Capitalize(rejected.Reason) + ".", rejected.Reason, "rejected");
                return;
            case SignInResult.ProviderUnavailable unavailable:
                // The reason names internal hosts, ports and file paths (issue 9, finding 9): the log has it, the page not.
                await RefuseAsync(context, StatusCodes.Status502BadGateway, "Identity provider unavailable",
                    $"Sign-in with {provider.DisplayName} could not be completed because Lanyard could not reach it or authenticate to it. Try again shortly; the details are in Lanyard's log under the request id below.", unavailable.Reason, "provider_unavailable");
                return;
            default:
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "Sign-in refused", "The sign-in could not be completed.", "unexpected result", "rejected");
                return;
        }
    }

    private async Task FinishAsync(HttpContext context, SignInResult.SignedIn signedIn, SignInAttempt attempt)
    {
        if (access.Decide(signedIn.Identity) is AccessDecision.Deny deny)
        {
            LogEvents.AccessDenied(_audit, deny.Rule, signedIn.Identity.User, deny.Reason);
            metrics.SignIn("denied");
            await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", Pipeline.AccessVerdict.DescribeDenial(deny.Rule, deny.Reason));
            return;
        }

        var now = time.GetUtcNow();
        var expiresAt = options.Cookie.ExpiresAt(now);
        try
        {
            await sessions.SaveNewAsync(context, new SessionTicket(signedIn.Identity, now, expiresAt, signedIn.Tokens, Binding: signedIn.Binding));
        }
        catch (SessionTooLargeException e)
        {
            LogEvents.SessionNotSaved(_logger, e.Message);
            metrics.SignIn("session_too_large");
            await ErrorResponses.WriteAsync(context, StatusCodes.Status500InternalServerError, "Session too large", e.Message);
            return;
        }

        LogEvents.SignedIn(_audit, signedIn.Identity.User, signedIn.Identity.Email);
        metrics.SignIn("success");
        NoCacheHeaders.Apply(context.Response);
        context.Response.Redirect(attempt.RedirectTarget);
    }

    /// <param name="outcome">The <c>lanyard_sign_ins_total</c> label: a closed set, never the provider's own words.</param>
    private Task RefuseAsync(HttpContext context, int status, string title, string message, string logReason, string outcome)
    {
        LogEvents.SignInRefused(_audit, logReason);
        metrics.SignIn(outcome);
        return ErrorResponses.WriteAsync(context, status, title, message, offerSignIn: true);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length] + "…";

    private static string Capitalize(string value) => value.Length == 0 ? value : char.ToUpperInvariant(value[0]) + value[1..];
}
