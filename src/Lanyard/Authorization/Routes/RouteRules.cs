namespace Lanyard.Authorization.Routes;

/// <summary>
/// The route stage's evaluator: the compiled rules (built once at startup, regexes with a match timeout) and the one
/// question every caller asks before identity, "does this request need a sign-in, and how is it answered without
/// one?". The first matching skip rule wins, in oauth2-proxy's order (preflight, skip_auth_regex, skip_auth_routes,
/// trusted_ips); an <c>api_routes</c> match only changes the answer. A request for Lanyard's own endpoints (under
/// <c>proxy_prefix</c>) is never skipped, whatever the rules say: signing in and out must always mean what it says.
/// </summary>
internal sealed class RouteRules
{
    private readonly RouteRule[] _skip;
    private readonly RouteRule[] _api;
    private readonly string _prefix;

    public RouteRules(IReadOnlyList<RouteRule> rules, string proxyPrefix)
    {
        Rules = rules;
        _skip = [.. rules.Where(r => r.Action == RouteAction.SkipAuth)];
        _api = [.. rules.Where(r => r.Action == RouteAction.ApiRoute)];
        _prefix = proxyPrefix;
    }

    public IReadOnlyList<RouteRule> Rules { get; }

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

    /// <summary>The prefix itself or anything under it, in any case (ASP.NET's routing ignores case too).</summary>
    private bool IsLanyardEndpoint(string? path) =>
        path is not null
        && path.StartsWith(_prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == _prefix.Length || path[_prefix.Length] == '/');
}
