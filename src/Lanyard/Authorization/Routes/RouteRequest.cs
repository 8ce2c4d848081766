using System.Net;

namespace Lanyard.Authorization.Routes;

/// <summary>
/// The facts about a request that route rules read, without <c>HttpContext</c>, so the proxy and forward-auth
/// build them their own way and share the rules.
/// </summary>
/// <param name="Method">The request method, as sent (HTTP methods are case-sensitive).</param>
/// <param name="Path">The decoded path the rules judge, or null when it is not known (a forward-auth call that did
/// not say which URL it asks about): then no path rule matches.</param>
/// <param name="PathAndQuery">The path and the raw query, as oauth2-proxy's <c>api_routes</c> read them; null when unknown.</param>
/// <param name="ClientAddress">The client's address (from the trusted proxy's header with <c>reverse_proxy</c>), or null.</param>
/// <param name="Host">The host the request was for, without port, lower-case; null when unknown (then no host rule
/// allows it, and every host-limited deny rule applies).</param>
/// <param name="RuleSet">The named rule set of per-route rules the caller selected (Envoy's <c>context_extensions</c>,
/// say); null for the default set.</param>
internal readonly record struct RouteRequest(string Method, string? Path, string? PathAndQuery, IPAddress? ClientAddress, string? Host = null, string? RuleSet = null)
{
    /// <summary>The host of a <c>Host</c> value (<c>App.Contoso.test:8443</c> → <c>app.contoso.test</c>), or null when there is none.</summary>
    public static string? HostOf(HostString host) =>
        host.HasValue && host.Host is { Length: > 0 } name ? name.ToLowerInvariant() : null;
}
