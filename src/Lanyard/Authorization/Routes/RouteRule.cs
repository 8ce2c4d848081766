namespace Lanyard.Authorization.Routes;

/// <summary>What a route rule does to a request it matches.</summary>
internal enum RouteAction
{
    /// <summary>The request passes without a sign-in (oauth2-proxy's <c>skip_auth_*</c> and <c>trusted_ips</c>).</summary>
    SkipAuth,

    /// <summary>Sign-in is still required, but a request without one is answered 401 instead of being sent to sign in (<c>api_routes</c>).</summary>
    ApiRoute,

    /// <summary>A per-route rule (issue 11): the request passes when every requirement of the rule holds, and is denied otherwise.</summary>
    Allow,

    /// <summary>A per-route rule: the request is denied (when the rule has requirements, only when they all hold).</summary>
    Deny,
}

/// <summary>
/// One rule of the route model: when <see cref="Match"/> matches the request, <see cref="Action"/> applies.
/// <see cref="Name"/> says where the rule came from as the user wrote it (<c>skip_auth_routes GET=^/health$</c>), for
/// logs, audit and <c>config check</c>. Issue 11's per-route rules are this same record: their name is the one the
/// user gave, their match a <see cref="RouteMatch.Operation"/>, and an allow or deny rule may carry
/// <see cref="Require"/>, what the identity must hold; so the proxy and every forward-auth caller keep one evaluator.
/// </summary>
/// <param name="Origin">Where the rule was written (<c>lanyard.toml:12</c>), for <c>config check</c>; null for oauth2-proxy's options.</param>
internal sealed record RouteRule(string Name, RouteAction Action, RouteMatch Match, RouteRequirements? Require = null, string? Origin = null);
