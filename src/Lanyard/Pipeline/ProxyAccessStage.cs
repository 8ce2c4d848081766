using Lanyard.Authorization;
using Lanyard.Endpoints;
using Lanyard.Headers;
using Lanyard.Observability;

namespace Lanyard.Pipeline;

/// <summary>
/// In front of every proxied request: identity → decision → headers, then YARP forwards.
/// Not signed in: a page load gets the sign-in page (with skip_provider_button, a redirect to sign in) and comes
/// back here; anything else gets 401, since it could not follow a sign-in anyway, with the reason when it sent a
/// bearer token Lanyard refused. Denied: 403 naming the rule.
/// </summary>
internal sealed class ProxyAccessStage(ResolveRequestIdentity identities, AccessEvaluator access, UpstreamIdentityHeaders headers, SignInPage signIn, ILoggerFactory loggers)
{
    private readonly ILogger _audit = loggers.CreateLogger(LogCategories.Audit);

    public async Task InvokeAsync(HttpContext context, Func<Task> forward)
    {
        var ticket = await identities.ResolveAsync(context);
        var refusedBearer = ResolveRequestIdentity.RefusedBearerToken(context);
        if (refusedBearer is not null && ResolveRequestIdentity.BearerTokenDenied(context))
        {
            // bearer_token_login_fallback = false: oauth2-proxy's 403, with the reason for the API client.
            BearerChallenge.Apply(context.Response, refusedBearer);
            await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"The bearer token was refused: {refusedBearer}.");
            return;
        }

        switch (access.Decide(ticket?.Identity))
        {
            case AccessDecision.Allow allow:
                headers.Apply(context.Request.Headers, ticket!, bearerTokenRefused: refusedBearer is not null);
                await forward();
                return;

            case AccessDecision.Unauthenticated when refusedBearer is not null:
                BearerChallenge.Apply(context.Response, refusedBearer);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"The bearer token was refused: {refusedBearer}.");
                return;

            case AccessDecision.Unauthenticated when BrowserRequests.IsNavigation(context.Request):
                var here = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                await signIn.WriteAsync(context, here, StatusCodes.Status403Forbidden);
                return;

            case AccessDecision.Unauthenticated:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"Sign in first: open {EndpointPaths.Of(context).Start} in a browser.");
                return;

            case AccessDecision.Deny deny:
                LogEvents.AccessDenied(_audit, deny.Rule, ticket?.Identity.User ?? "", deny.Reason);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", $"{deny.Reason} (rule: {deny.Rule}).");
                return;

            default:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", "No rule allowed this request.");
                return;
        }
    }
}
