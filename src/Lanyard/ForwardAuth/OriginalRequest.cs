using Lanyard.Authorization.Routes;
using Lanyard.Pipeline;
using Microsoft.AspNetCore.Http.Features;

namespace Lanyard.ForwardAuth;

/// <summary>
/// The request a gateway asks about, rebuilt the way it tells: <see cref="FromForwardedHeaders"/> for gateways that
/// name it in headers (Traefik, Caddy: <c>X-Forwarded-Method/-Uri</c>; nginx: <c>X-Original-URL/-URI/-Method</c>;
/// only from <c>trusted_proxy_ips</c>, see <see cref="ForwardedUri"/>; scheme and host from <c>X-Forwarded-Proto</c>
/// and <c>X-Forwarded-Host</c> through <c>reverse_proxy</c>), <see cref="FromPathPrefix"/> for Envoy, which sends the
/// original method and host and prefixes the original path. Never both: a header must not be able to rename what
/// Envoy asks about.
/// </summary>
/// <param name="Method">The original method; any method is accepted and none changes state here.</param>
/// <param name="Scheme">http or https.</param>
/// <param name="Host">The original host, with its port when it had one.</param>
/// <param name="PathAndQuery">The original path and raw query (<c>/a/b?x=1</c>), or null when the gateway did not say.</param>
/// <param name="RuleSet">The per-route rule set the gateway selected for this route (<c>?rule_set=</c> on the auth URL,
/// gRPC's <c>context_extensions</c>), or null for the default set.</param>
internal sealed record OriginalRequest(string Method, string Scheme, string Host, string? PathAndQuery, string? RuleSet = null)
{
    /// <summary>The path the rules judge (decoded, dot segments resolved), or null when unknown.</summary>
    public string? Path { get; } = PathAndQuery is null ? null : ForwardedUri.PathOf(PathAndQuery);

    /// <summary>The original URL, to come back to after sign-in; null when the path is unknown.</summary>
    public string? Url => PathAndQuery is null || Path is null ? null : $"{Scheme}://{Host}{PathAndQuery}";

    public RouteRequest ToRouteRequest(HttpContext context) =>
        new(Method, Path, Path is null ? null : PathAndQuery, context.Connection.RemoteIpAddress, RouteRequest.HostOf(new HostString(Host)), RuleSet);

    public static OriginalRequest FromForwardedHeaders(HttpContext context)
    {
        var request = context.Request;
        var pathAndQuery = ForwardedUri.Of(context) is { } uri ? PathAndQueryOf(uri) : null;
        return new OriginalRequest(ForwardedUri.MethodOf(context) ?? request.Method, request.Scheme, request.Host.Value ?? "", pathAndQuery);
    }

    /// <summary>
    /// Envoy's <c>path_prefix</c>: the original request target follows <paramref name="prefix"/>, as sent (the raw
    /// target, so it is decoded once, by <see cref="Path"/>, as the upstream will decode it); the method and host are
    /// the request's own.
    /// </summary>
    public static OriginalRequest FromPathPrefix(HttpContext context, string prefix)
    {
        var request = context.Request;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target && target.StartsWith('/')
            ? target
            : request.PathBase.Add(request.Path).Value + request.QueryString.Value;
        string? rest = raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? raw[prefix.Length..] : null;
        rest = rest switch
        {
            null => null,
            "" => "/",
            ['?', ..] => "/" + rest,
            ['/', ..] => rest,
            _ => null,
        };
        return new OriginalRequest(request.Method, request.Scheme, request.Host.Value ?? "", rest);
    }

    /// <summary>Only the path and query of a forwarded URI: an absolute one must not move the host a sign-in returns to.</summary>
    private static string? PathAndQueryOf(string uri)
    {
        if (uri.StartsWith('/') && !uri.StartsWith("//", StringComparison.Ordinal))
        {
            return uri;
        }

        return Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.PathAndQuery
            : null;
    }
}
