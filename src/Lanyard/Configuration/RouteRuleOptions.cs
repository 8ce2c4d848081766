using Lanyard.Authorization.Routes;

namespace Lanyard.Configuration;

/// <summary>
/// Which requests pass without a sign-in and how those without one are answered: <c>skip_auth_routes</c>,
/// <c>skip_auth_regex</c>, <c>skip_auth_preflight</c>, <c>trusted_ips</c> and <c>api_routes</c>, compiled into
/// <see cref="Rules"/> at startup; <c>force_json_errors</c> answers every sign-in or access refusal of a proxied
/// request in JSON. <see cref="PerRoute"/> holds issue 11's per-route rules (<c>[[authorization_rules]]</c>, alpha
/// config's <c>authorization</c>), judged after oauth2-proxy's.
/// </summary>
internal sealed record RouteRuleOptions(IReadOnlyList<RouteRule> Rules, bool ForceJsonErrors)
{
    public static RouteRuleOptions None { get; } = new([], false);

    public RouteRuleSets PerRoute { get; init; } = RouteRuleSets.None;
}
