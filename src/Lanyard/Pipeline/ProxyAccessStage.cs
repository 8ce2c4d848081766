using Lanyard.Authorization;
using Lanyard.Authorization.Routes;
using Lanyard.Configuration;
using Lanyard.Endpoints;
using Lanyard.Headers;
using Lanyard.Observability;

namespace Lanyard.Pipeline;

/// <summary>
/// In front of every proxied request: routes → identity → decision → headers, then YARP forwards.
/// Routes first (<see cref="MatchRouteRules"/>): a skipped route passes without a sign-in, stripped of the client's
/// identity headers like any other, and with the identity only of a signed-in user every rule allows (oauth2-proxy
/// passes a session's headers on skipped routes too, but without checking its rules).
/// Not signed in: a page load gets the sign-in page (with skip_provider_button, a redirect to sign in) and comes
/// back here; an <c>api_routes</c> match, <c>force_json_errors</c> and anything else get 401 in JSON, since they
/// could not follow a sign-in anyway, with the reason when it sent a bearer token Lanyard refused. Denied: 403 naming
/// the rule.
/// </summary>
internal sealed class ProxyAccessStage(MatchRouteRules routes, RouteRuleOptions routeOptions, ResolveRequestIdentity identities, AccessEvaluator access, UpstreamIdentityHeaders headers, SignInPage signIn, ILoggerFactory loggers)
{
    private readonly ILogger _audit = loggers.CreateLogger(LogCategories.Audit);
    private readonly ILogger _log = loggers.CreateLogger<ProxyAccessStage>();

    public async Task InvokeAsync(HttpContext context, Func<Task> forward)
    {
        var route = routes.ForProxiedRequest(context);
        if (route is RouteVerdict.SkipAuth skip)
        {
            await ForwardWithoutSignInAsync(context, skip.Rule, forward);
            return;
        }

        var ticket = await identities.ResolveAsync(context);
        var refusedBearer = ResolveRequestIdentity.RefusedBearerToken(context);
        var json = routeOptions.ForceJsonErrors || route is RouteVerdict.Authenticate { ApiRoute: not null };
        if (refusedBearer is not null && ResolveRequestIdentity.BearerTokenDenied(context))
        {
            // bearer_token_login_fallback = false: oauth2-proxy's 403, with the reason for the API client.
            BearerChallenge.Apply(context.Response, refusedBearer);
            await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"The bearer token was refused: {refusedBearer}.", json: json);
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
                await ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"The bearer token was refused: {refusedBearer}.", json: json);
                return;

            case AccessDecision.Unauthenticated when !json && BrowserRequests.IsNavigation(context.Request):
                var here = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                await signIn.WriteAsync(context, here, StatusCodes.Status403Forbidden);
                return;

            case AccessDecision.Unauthenticated:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"Sign in first: open {EndpointPaths.Of(context).Start} in a browser.", json: json);
                return;

            case AccessDecision.Deny deny:
                LogEvents.AccessDenied(_audit, deny.Rule, ticket?.Identity.User ?? "", deny.Reason);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", $"{deny.Reason} (rule: {deny.Rule}).", json: routeOptions.ForceJsonErrors);
                return;

            default:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", "No rule allowed this request.", json: routeOptions.ForceJsonErrors);
                return;
        }
    }

    /// <summary>
    /// A skipped route: the upstream gets the identity of a signed-in user whom every rule allows, and otherwise none,
    /// never the client's copies of the headers. The session is looked at but never required; a session store that is
    /// down cannot take a public path down with it.
    /// </summary>
    private async Task ForwardWithoutSignInAsync(HttpContext context, RouteRule rule, Func<Task> forward)
    {
        LogEvents.SignInSkipped(_log, rule.Name, context.Request.Method);
        var ticket = await identities.ResolveIfAvailableAsync(context);

        var refusedBearer = ResolveRequestIdentity.RefusedBearerToken(context) is not null;
        if (access.Decide(ticket?.Identity) is AccessDecision.Allow)
        {
            headers.Apply(context.Request.Headers, ticket!, bearerTokenRefused: refusedBearer);
        }
        else
        {
            headers.ApplyAnonymous(context.Request.Headers, refusedBearer);
        }

        await forward();
    }
}
