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
    ReverseProxyOptions? ReverseProxyTrust = null)
{
    public ReverseProxyOptions ReverseProxy => ReverseProxyTrust ?? ReverseProxyOptions.Off;

    public HeaderOptions Headers => InjectedHeaders ?? HeaderOptions.Default;

    public SessionStoreOptions Sessions => SessionStore ?? SessionStoreOptions.InCookie;
}
