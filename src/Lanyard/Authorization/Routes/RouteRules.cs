using Lanyard.Sessions;

namespace Lanyard.Authorization.Routes;

/// <summary>
/// The route stage's evaluator: the compiled rules (built once at startup, regexes with a match timeout), asked two
/// questions.
/// <para>
/// <see cref="Evaluate"/>, before identity: "does this request need a sign-in, and how is it answered without one?".
/// oauth2-proxy's rules come first, exactly as before: the first matching skip rule wins, in oauth2-proxy's order
/// (preflight, skip_auth_regex, skip_auth_routes, trusted_ips). Then the per-route rules of the selected set, in
/// order: a skip_auth rule that matches before any allow or deny rule could match passes the request too. An
/// <c>api_routes</c> match only changes the answer. A request for Lanyard's own endpoints (under <c>proxy_prefix</c>)
/// is never skipped, whatever the rules say: signing in and out must always mean what it says.
/// </para>
/// <para>
/// <see cref="Authorize"/>, after identity (issue 11's per-route rules, Istio's AuthorizationPolicy without a mesh):
/// the rules of the set the request selects (<see cref="RouteRequest.RuleSet"/>; null is the default set) are tried in
/// order, and the first whose request match matches decides. skip_auth: allowed. allow: allowed when every
/// requirement holds, else denied naming the rule and the requirement that failed. deny without requirements: denied.
/// deny with requirements: denied when they all hold, otherwise the next rule is tried. A set with rules denies what
/// no rule matches (rule <c>default-deny</c>); with no per-route rules at all every request is allowed here (the
/// global email_domains, allowed_groups and allowed_roles still apply before, in AccessEvaluator). A rule set that is
/// not configured denies everything (fail closed). Where a fact cannot be trusted (unknown host or path, a path with a
/// dot segment, unresolved group overage, an unreadable token) allow rules do not apply and deny rules do.
/// </para>
/// </summary>
internal sealed class RouteRules
{
    public const string DefaultDeny = "default-deny";

    private readonly RouteRule[] _skip;
    private readonly RouteRule[] _api;
    private readonly string _prefix;

    public RouteRules(IReadOnlyList<RouteRule> rules, string proxyPrefix, RouteRuleSets? perRoute = null)
    {
        Rules = rules;
        PerRoute = perRoute ?? RouteRuleSets.None;
        _skip = [.. rules.Where(r => r.Action == RouteAction.SkipAuth)];
        _api = [.. rules.Where(r => r.Action == RouteAction.ApiRoute)];
        _prefix = proxyPrefix;
    }

    /// <summary>oauth2-proxy's rules (skip_auth_*, trusted_ips, api_routes).</summary>
    public IReadOnlyList<RouteRule> Rules { get; }

    /// <summary>The per-route rules.</summary>
    public RouteRuleSets PerRoute { get; }

    public RouteVerdict Evaluate(in RouteRequest request)
    {
        if (!IsLanyardEndpoint(request.Path))
        {
            foreach (var rule in _skip)
            {
                if (rule.Match.Matches(request))
                {
                    return new RouteVerdict.SkipAuth(rule);
                }
            }

            if (FirstSkip(request) is { } skip)
            {
                return new RouteVerdict.SkipAuth(skip);
            }
        }

        foreach (var rule in _api)
        {
            if (rule.Match.Matches(request))
            {
                return new RouteVerdict.Authenticate(rule);
            }
        }

        return RouteVerdict.SignInRequired;
    }

    public RouteAuthorization Authorize(in RouteRequest request, SessionTicket ticket)
    {
        if (PerRoute.Select(request.RuleSet) is not { } rules)
        {
            return UnknownSet(request);
        }

        if (rules.Count == 0)
        {
            return RouteAuthorization.NoRules;
        }

        var subject = new RuleSubject(ticket);
        foreach (var rule in rules)
        {
            switch (rule.Action)
            {
                case RouteAction.SkipAuth or RouteAction.Allow when !rule.Match.Matches(request):
                case RouteAction.Deny when !MayMatch(rule, request):
                    continue;
                case RouteAction.SkipAuth:
                    return new RouteAuthorization.Allow(rule);
                case RouteAction.Allow:
                    var allow = rule.Require?.Check(subject) ?? RequirementResult.Holds;
                    return allow.State == RequirementState.Holds
                        ? new RouteAuthorization.Allow(rule)
                        : new RouteAuthorization.Deny(rule.Name, $"this request requires {allow.Requirement}{(allow.Why is null ? "" : $", and {allow.Why}")}");
                case RouteAction.Deny when rule.Require is null:
                    return Unconditional(rule);
                case RouteAction.Deny:
                    var deny = rule.Require.Check(subject);
                    switch (deny.State)
                    {
                        case RequirementState.Fails:
                            continue;
                        case RequirementState.Holds:
                            return new RouteAuthorization.Deny(rule.Name, $"this request is denied to {rule.Require.Describe()}");
                        default:
                            return new RouteAuthorization.Deny(rule.Name, $"this request is denied to {deny.Requirement}, and {deny.Why}, so it cannot be ruled out");
                    }

                default:
                    return new RouteAuthorization.Deny(rule.Name, "the rule has no per-route action");
            }
        }

        return NothingMatches(request);
    }

    /// <summary>
    /// The refusal that no identity could change, decided before anyone is asked to sign in (Istio's DENY policy
    /// answers 403 at once, too): an unknown rule set, an unconditional deny rule that may match before any rule
    /// that looks at identity, or a set in which no rule can match at all. Null when identity decides.
    /// </summary>
    public RouteAuthorization.Deny? DenyBeforeSignIn(in RouteRequest request)
    {
        if (PerRoute.Select(request.RuleSet) is not { } rules)
        {
            return UnknownSet(request);
        }

        if (rules.Count == 0)
        {
            return null;
        }

        foreach (var rule in rules)
        {
            switch (rule.Action)
            {
                case RouteAction.SkipAuth or RouteAction.Allow when !rule.Match.Matches(request):
                case RouteAction.Deny when !MayMatch(rule, request):
                    continue;
                case RouteAction.Deny when rule.Require is null:
                    return Unconditional(rule);
                default:
                    return null;
            }
        }

        return NothingMatches(request);
    }

    private static RouteAuthorization.Deny UnknownSet(in RouteRequest request) =>
        new("rule-set", $"rule set '{request.RuleSet}' is not configured");

    private static RouteAuthorization.Deny Unconditional(RouteRule rule) => new(rule.Name, "this request is denied");

    private static RouteAuthorization.Deny NothingMatches(in RouteRequest request)
    {
        var set = request.RuleSet is null ? "the default rule set" : $"rule set '{request.RuleSet}'";
        return new(DefaultDeny, $"no rule of {set} matches this request, and what no rule allows is denied");
    }

    /// <summary>
    /// The skip_auth rule of the selected set that passes the request before identity is known: one that matches
    /// before any allow or deny rule could match. After an allow or deny rule that may match, identity decides.
    /// </summary>
    private RouteRule? FirstSkip(in RouteRequest request)
    {
        foreach (var rule in PerRoute.Select(request.RuleSet) ?? [])
        {
            if (rule.Action == RouteAction.SkipAuth ? rule.Match.Matches(request) : MayMatch(rule, request))
            {
                return rule.Action == RouteAction.SkipAuth ? rule : null;
            }
        }

        return null;
    }

    private static bool MayMatch(RouteRule rule, in RouteRequest request) =>
        rule.Match is RouteMatch.Operation operation ? operation.MayMatch(request) : rule.Match.Matches(request);

    /// <summary>The prefix itself or anything under it, in any case (ASP.NET's routing ignores case too).</summary>
    private bool IsLanyardEndpoint(string? path) =>
        path is not null
        && path.StartsWith(_prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == _prefix.Length || path[_prefix.Length] == '/');
}
