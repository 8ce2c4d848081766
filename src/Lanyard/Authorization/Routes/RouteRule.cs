namespace Lanyard.Authorization.Routes;

/// <summary>What a route rule does to a request it matches.</summary>
internal enum RouteAction
{
    /// <summary>The request passes without a sign-in (oauth2-proxy's <c>skip_auth_*</c> and <c>trusted_ips</c>).</summary>
    SkipAuth,

    /// <summary>Sign-in is still required, but a request without one is answered 401 instead of being sent to sign in (<c>api_routes</c>).</summary>
    ApiRoute,
}

/// <summary>
/// One rule of the route model: when <see cref="Match"/> matches the request, <see cref="Action"/> applies.
/// <see cref="Name"/> says where the rule came from as the user wrote it (<c>skip_auth_routes GET=^/health$</c>), for
/// logs, audit and <c>config check</c>. Issue 11's per-route authorization rules are meant to be more actions and
/// matches on this same record, so the proxy and every forward-auth caller keep one evaluator.
/// </summary>
internal sealed record RouteRule(string Name, RouteAction Action, RouteMatch Match);
