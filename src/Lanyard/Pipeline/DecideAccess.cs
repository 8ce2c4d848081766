using Lanyard.Authorization;
using Lanyard.Authorization.Routes;
using Lanyard.Observability;

namespace Lanyard.Pipeline;

/// <summary>
/// The one decision stage: routes → identity → decision → per-route rules, for every caller that asks "may this request pass?" (the
/// proxy, <c>/oauth2/auth</c> in each gateway's mode, the gRPC check). Callers say which request they ask about
/// (<see cref="RouteRequest"/>: the proxied request itself, or the original one a gateway names) and map the
/// <see cref="AccessVerdict"/> to their own answer; the rules, the identity, the audit line and the skip log are here
/// once, so the proxy and a gateway can never disagree about one request.
/// </summary>
internal sealed class DecideAccess(RouteRules routes, ResolveRequestIdentity identities, AccessEvaluator access, LanyardMetrics metrics, ILoggerFactory loggers)
{
    private readonly ILogger _audit = loggers.CreateLogger(LogCategories.Audit);
    private readonly ILogger _log = loggers.CreateLogger<DecideAccess>();

    /// <param name="context">The request that carries the credentials (cookie, bearer token, Basic), and whose response gets a refreshed session's cookie.</param>
    /// <param name="request">What the rules judge.</param>
    /// <param name="caller">Who asks, for the decision's metric and span attributes.</param>
    /// <param name="locationRules">oauth2-proxy's per-location rules in the query of <c>/oauth2/auth</c>, or null.</param>
    public ValueTask<AccessVerdict> DecideAsync(HttpContext context, RouteRequest request, AccessCaller caller, IQueryCollection? locationRules = null)
    {
        // Counted here, once per decision, whoever asked. A decision made without waiting (a cookie session) stays
        // free of a second state machine.
        var pending = JudgeAsync(context, request, locationRules);
        if (pending.IsCompletedSuccessfully)
        {
            return ValueTask.FromResult(Recorded(pending.Result, caller));
        }

        return RecordedAsync(pending, caller);
    }

    private async ValueTask<AccessVerdict> RecordedAsync(ValueTask<AccessVerdict> pending, AccessCaller caller) => Recorded(await pending, caller);

    /// <summary>lanyard_access_decisions_total{result, rule, caller} and the request span's lanyard.decision / lanyard.rule.</summary>
    private AccessVerdict Recorded(AccessVerdict verdict, AccessCaller caller)
    {
        var (result, rule) = verdict switch
        {
            AccessVerdict.Allow { SkippedBy: { } skippedBy } => ("skipped", skippedBy.Name),
            AccessVerdict.Allow => ("allow", ""),
            AccessVerdict.SignInRequired => ("sign_in_required", ""),
            AccessVerdict.Denied denied => ("denied", denied.Rule),
            _ => ("denied", "default"),
        };
        metrics.AccessDecided(result, rule, caller);
        LanyardTracing.TagDecision(result, rule, caller);
        return verdict;
    }

    private async ValueTask<AccessVerdict> JudgeAsync(HttpContext context, RouteRequest request, IQueryCollection? locationRules)
    {
        var route = routes.Evaluate(request);
        if (route is RouteVerdict.SkipAuth skip)
        {
            return await SkipSignInAsync(context, request, skip.Rule, locationRules);
        }

        if (routes.DenyBeforeSignIn(request) is { } refused)
        {
            // No identity could change this answer: asking for a sign-in first would only waste one.
            return Audited(new AccessVerdict.Denied(refused.Rule, refused.Reason), "");
        }

        var ticket = await identities.ResolveAsync(context);
        var refusedBearer = ResolveRequestIdentity.RefusedBearerToken(context);
        if (refusedBearer is not null && ResolveRequestIdentity.BearerTokenDenied(context))
        {
            // bearer_token_login_fallback = false: oauth2-proxy's 403 for a bad JWT, not a sign-in.
            return Audited(new AccessVerdict.Denied("bearer_token_login_fallback", $"the bearer token was refused: {refusedBearer}", refusedBearer), "");
        }

        var decision = access.Decide(ticket?.Identity);
        if (decision is AccessDecision.Allow allow && locationRules is not null && AuthQueryConstraints.Check(locationRules, allow.Identity) is { } denied)
        {
            decision = denied;
        }

        if (decision is AccessDecision.Allow && ticket is not null && routes.Authorize(request, ticket) is RouteAuthorization.Deny ruled)
        {
            return Audited(new AccessVerdict.Denied(ruled.Rule, ruled.Reason), ticket.Identity.User);
        }

        return decision switch
        {
            AccessDecision.Allow when ticket is not null => new AccessVerdict.Allow(ticket, null, refusedBearer is not null),
            AccessDecision.Unauthenticated => new AccessVerdict.SignInRequired(refusedBearer, route is RouteVerdict.Authenticate { ApiRoute: not null }),
            AccessDecision.Deny deny => Audited(new AccessVerdict.Denied(deny.Rule, deny.Reason), ticket?.Identity.User ?? ""),
            _ => Audited(new AccessVerdict.Denied("default", "no rule allowed this request"), ticket?.Identity.User ?? ""),
        };
    }

    /// <summary>
    /// A skipped route: the session is looked at but never required (a store that is down cannot take a public path
    /// down with it), and its identity is asserted only for a user every rule allows, the per-route rules included.
    /// </summary>
    private async ValueTask<AccessVerdict> SkipSignInAsync(HttpContext context, RouteRequest request, RouteRule rule, IQueryCollection? locationRules)
    {
        LogEvents.SignInSkipped(_log, rule.Name, request.Method);
        var ticket = await identities.ResolveIfAvailableAsync(context);
        var refusedBearer = ResolveRequestIdentity.RefusedBearerToken(context) is not null;
        var allowed = ticket is not null
                      && access.Decide(ticket.Identity) is AccessDecision.Allow allow
                      && (locationRules is null || AuthQueryConstraints.Check(locationRules, allow.Identity) is null)
                      && routes.Authorize(request, ticket) is RouteAuthorization.Allow;
        return new AccessVerdict.Allow(allowed ? ticket : null, rule, refusedBearer);
    }

    private AccessVerdict.Denied Audited(AccessVerdict.Denied denied, string user)
    {
        LogEvents.AccessDenied(_audit, denied.Rule, user, denied.Reason);
        return denied;
    }
}
