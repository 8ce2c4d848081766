using System.Net;

namespace Lanyard.Configuration;

/// <summary>
/// oauth2-proxy's <c>reverse_proxy</c>: Lanyard runs behind a proxy, so it honours <c>X-Forwarded-Proto</c>,
/// <c>X-Forwarded-Host</c> and the client IP header (<c>real_client_ip_header</c>), but only from peers in
/// <c>trusted_proxy_ips</c> (oauth2-proxy v7.15.2: anyone else's copies are ignored).
/// </summary>
/// <param name="TrustsEveryPeer">No <c>trusted_proxy_ips</c> given: oauth2-proxy then trusts every peer, and warns.</param>
internal sealed record ReverseProxyOptions(bool Enabled, IReadOnlyList<IPNetwork> TrustedProxies, string RealClientIpHeader, bool TrustsEveryPeer)
{
    public static ReverseProxyOptions Off { get; } = new(false, [], "X-Real-IP", false);
}
