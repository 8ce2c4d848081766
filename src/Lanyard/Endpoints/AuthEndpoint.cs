using Lanyard.Authorization;
using Lanyard.Authorization.Routes;
using Lanyard.Headers;
using Lanyard.Observability;
using Lanyard.Pipeline;

namespace Lanyard.Endpoints;

/// <summary>
/// <c>/oauth2/auth</c>, the forward-auth oracle (nginx <c>auth_request</c> and friends): routes → identity → decision →
/// headers → answer. 202 with <c>X-Auth-Request-*</c> for a valid session, 401 without one (never a redirect:
/// the gateway decides what to do), 403 when a rule denies, including the per-location rules in the query.
/// A request the route rules skip (judged on the trusted gateway's <c>X-Forwarded-Uri</c>, <see cref="MatchRouteRules"/>)
/// gets 202 as oauth2-proxy answers it, with identity headers only for a signed-in user every rule allows (for anyone
/// else present and empty, so the gateway overwrites a client's forgery).
/// </summary>
internal sealed class AuthEndpoint(MatchRouteRules routes, ResolveRequestIdentity identities, AccessEvaluator access, AuthResponseHeaders headers, ILoggerFactory loggers)
{
    private readonly ILogger _audit = loggers.CreateLogger(LogCategories.Audit);
    private readonly ILogger _log = loggers.CreateLogger<AuthEndpoint>();

    public async Task HandleAsync(HttpContext context)
    {
        if (routes.ForForwardAuth(context) is RouteVerdict.SkipAuth skip)
        {
            await AnswerSkippedAsync(context, skip.Rule);
            return;
        }

        var ticket = await identities.ResolveAsync(context);
        if (ResolveRequestIdentity.BearerTokenDenied(context) && ResolveRequestIdentity.RefusedBearerToken(context) is { } deniedBearer)
        {
            // bearer_token_login_fallback = false: 403, as oauth2-proxy answers an invalid JWT then.
            BearerChallenge.Apply(context.Response, deniedBearer);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        switch (access.Decide(ticket?.Identity))
        {
            case AccessDecision.Allow allow when AuthQueryConstraints.Check(context.Request.Query, allow.Identity) is { } denied:
                LogEvents.AccessDenied(_audit, denied.Rule, allow.Identity.User, denied.Reason);
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            case AccessDecision.Allow allow:
                headers.Apply(context.Response.Headers, ticket!);
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
            case AccessDecision.Unauthenticated:
                if (ResolveRequestIdentity.RefusedBearerToken(context) is { } refused)
                {
                    BearerChallenge.Apply(context.Response, refused);
                }

                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            case AccessDecision.Deny deny:
                LogEvents.AccessDenied(_audit, deny.Rule, ticket?.Identity.User ?? "", deny.Reason);
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
        }
    }

    private async Task AnswerSkippedAsync(HttpContext context, RouteRule rule)
    {
        LogEvents.SignInSkipped(_log, rule.Name, context.Request.Method);
        var ticket = await identities.ResolveIfAvailableAsync(context);

        if (access.Decide(ticket?.Identity) is AccessDecision.Allow allow && AuthQueryConstraints.Check(context.Request.Query, allow.Identity) is null)
        {
            headers.Apply(context.Response.Headers, ticket!);
        }
        else
        {
            headers.ApplyAnonymous(context.Response.Headers);
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }
}
