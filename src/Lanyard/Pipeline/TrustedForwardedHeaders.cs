using Lanyard.Configuration;
using Lanyard.Observability;
using Microsoft.AspNetCore.HttpOverrides;

namespace Lanyard.Pipeline;

/// <summary>
/// <c>reverse_proxy</c> with ASP.NET Core's forwarded-headers middleware: <c>X-Forwarded-Proto</c>,
/// <c>X-Forwarded-Host</c> and the client IP header (<c>real_client_ip_header</c>) replace what the connection
/// says only when the peer is in <c>trusted_proxy_ips</c>. The whole chain of trusted hops is walked, so the
/// client address is the left-most one a trusted proxy vouches for, as oauth2-proxy takes the left-most item.
/// Off (the default), the headers are ignored: a client cannot make Lanyard believe it came over HTTPS or from
/// another host.
/// </summary>
internal static class TrustedForwardedHeaders
{
    public static WebApplication UseTrustedForwardedHeaders(this WebApplication app, ReverseProxyOptions options)
    {
        if (!options.Enabled)
        {
            return app;
        }

        if (options.TrustsEveryPeer)
        {
            LogEvents.ReverseProxyTrustsEveryPeer(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lanyard.Host"));
        }

        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardedForHeaderName = options.RealClientIpHeader,
            ForwardLimit = null,
        };
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var network in options.TrustedProxies)
        {
            forwarded.KnownIPNetworks.Add(network);
        }

        // X-Forwarded-Uri (what a forward-auth caller asks about) is judged on the peer, before the peer is replaced.
        app.UseTrustedForwardedUri(options);
        app.UseForwardedHeaders(forwarded);
        return app;
    }
}
