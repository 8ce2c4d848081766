using Lanyard.Authorization.Routes;

namespace Lanyard.Pipeline;

/// <summary>
/// The route stage, before identity: the request's facts for <see cref="RouteRules"/>, taken the way each caller
/// must. A proxied request is judged on the path it is forwarded with (never on a header naming another one); a
/// forward-auth call on the URL its trusted gateway says it asks about (<see cref="ForwardedUri"/>), and without
/// one on no path at all, so only <c>skip_auth_preflight</c> and <c>trusted_ips</c> can apply to it.
/// </summary>
internal sealed class MatchRouteRules(RouteRules rules)
{
    public RouteVerdict ForProxiedRequest(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.HasValue ? request.Path.Value! : "/";
        return rules.Evaluate(new RouteRequest(request.Method, path, path + request.QueryString.Value, context.Connection.RemoteIpAddress));
    }

    public RouteVerdict ForForwardAuth(HttpContext context)
    {
        var uri = ForwardedUri.Of(context);
        var path = uri is null ? null : ForwardedUri.PathOf(uri);
        return rules.Evaluate(new RouteRequest(context.Request.Method, path, path is null ? null : uri, context.Connection.RemoteIpAddress));
    }
}
