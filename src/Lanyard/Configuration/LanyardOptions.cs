namespace Lanyard.Configuration;

/// <summary>Everything Lanyard's proxy was told, validated and immutable. Built once at startup.</summary>
internal sealed record LanyardOptions(
    ServerOptions Server,
    ProviderOptions Provider,
    SessionCookieOptions Cookie,
    AccessOptions Access,
    RedirectOptions Redirect,
    IReadOnlyList<UpstreamOptions> Upstreams,
    SessionStoreOptions? SessionStore = null,
    HeaderOptions? InjectedHeaders = null,
    ReverseProxyOptions? ReverseProxyTrust = null,
    PageOptions? PageSettings = null)
{
    public ReverseProxyOptions ReverseProxy => ReverseProxyTrust ?? ReverseProxyOptions.Off;

    /// <summary><c>proxy_prefix</c>: the path Lanyard's endpoints live under.</summary>
    public string ProxyPrefix { get; init; } = Endpoints.EndpointPaths.DefaultPrefix;

    /// <summary>skip_auth_*, trusted_ips, api_routes and force_json_errors: the route stage's rules.</summary>
    public RouteRuleOptions Routes { get; init; } = RouteRuleOptions.None;

    public HeaderOptions Headers => InjectedHeaders ?? HeaderOptions.Default;

    public SessionStoreOptions Sessions => SessionStore ?? SessionStoreOptions.InCookie;

    public PageOptions Pages => PageSettings ?? PageOptions.Default;
}
