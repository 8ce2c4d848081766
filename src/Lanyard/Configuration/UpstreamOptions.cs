namespace Lanyard.Configuration;

/// <summary>
/// One upstream: requests whose path starts with <see cref="PathPrefix"/> go to the server at <see cref="Destination"/>,
/// path unchanged (oauth2-proxy's legacy <c>upstreams</c> semantics; the longest prefix wins). Or, instead of a
/// server: <see cref="StaticCode"/> (<c>static://202</c>) answers with that status, and <see cref="Directory"/>
/// (<c>file:///srv/www#/docs/</c>) serves files; both only to requests the access stage let through.
/// A <see cref="UnixSocket"/> upstream (<c>unix:///run/app.sock</c>) is a server reached through that socket.
/// </summary>
internal sealed record UpstreamOptions(string Id, string PathPrefix, Uri? Destination, int? StaticCode = null, string? Directory = null)
{
    public string? UnixSocket { get; init; }

    public UpstreamTransport Transport { get; init; } = UpstreamTransport.Default;
}

/// <summary>
/// How Lanyard talks to a proxied upstream, oauth2-proxy's per-upstream options with their defaults:
/// <c>pass_host_header</c>, <c>proxy_websockets</c>, <c>flush_interval</c>, <c>upstream_timeout</c> (the wait for
/// the response headers, as Go's ResponseHeaderTimeout), <c>ssl_upstream_insecure_skip_verify</c> and
/// <c>disable_keep_alives</c>.
/// </summary>
internal sealed record UpstreamTransport(
    bool PassHostHeader,
    bool ProxyWebSockets,
    TimeSpan FlushInterval,
    TimeSpan ResponseHeaderTimeout,
    bool InsecureSkipTlsVerify,
    bool DisableKeepAlives)
{
    public static readonly UpstreamTransport Default = new(
        PassHostHeader: true, ProxyWebSockets: true, FlushInterval: TimeSpan.FromSeconds(1),
        ResponseHeaderTimeout: TimeSpan.FromSeconds(30), InsecureSkipTlsVerify: false, DisableKeepAlives: false);
}
