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

    /// <summary><c>htpasswd_file</c>: users who sign in with a password (HTTP Basic), or null.</summary>
    public HtpasswdOptions? Htpasswd { get; init; }

    /// <summary>The request, auth and standard logs.</summary>
    public LoggingOptions Logging { get; init; } = LoggingOptions.Default;

    /// <summary><c>ping_path</c>, <c>ready_path</c>, <c>ping_user_agent</c>.</summary>
    public ProbeOptions Probes { get; init; } = ProbeOptions.Default;

    /// <summary>skip_auth_*, trusted_ips, api_routes and force_json_errors: the route stage's rules.</summary>
    public RouteRuleOptions Routes { get; init; } = RouteRuleOptions.None;

    /// <summary>The TokenReview webhook's identity rules (<c>kube_*</c>).</summary>
    public KubernetesOptions Kubernetes { get; init; } = new([], [], "upn", "", "", TimeSpan.FromMinutes(1));

    /// <summary><c>identity_token_*</c>: the signed identity token Lanyard sends beside the identity headers, or null when off.</summary>
    public IdentityTokenOptions? IdentityToken { get; init; }

    public HeaderOptions Headers => InjectedHeaders ?? HeaderOptions.Default;

    public SessionStoreOptions Sessions => SessionStore ?? SessionStoreOptions.InCookie;

    public PageOptions Pages => PageSettings ?? PageOptions.Default;
}
