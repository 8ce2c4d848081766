using Lanyard.Configuration;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Lanyard.Forwarding;

/// <summary>
/// oauth2-proxy's <c>upstreams</c> as YARP routes and clusters: a path ending in <c>/</c> is a prefix, any other
/// path is matched exactly, the longest match wins, and the request path goes to the upstream unchanged. The
/// original Host header is passed on unless <c>pass_host_header</c> is false. What the cluster's HTTP client needs
/// beyond YARP's own settings (unix sockets, the response-header timeout, no keep-alive) is
/// <see cref="UpstreamHttpClientFactory"/>'s.
/// </summary>
internal static class UpstreamRoutes
{
    private const int LowestPriority = 100_000;

    // oauth2-proxy tries rewrite upstreams before the others, the longest pattern first.
    private const int RewritePriority = LowestPriority / 2;
    private static readonly TimeSpan IdleStreamLimit = TimeSpan.FromHours(1);

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(IReadOnlyList<UpstreamOptions> upstreams)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var upstream in upstreams)
        {
            var isPrefix = upstream.PathPrefix.EndsWith('/');
            // A rewrite's path is a regular expression, matched by UpstreamPathPatterns; its route takes every path.
            var match = upstream.Rewrite is not null ? "/{**lanyard-any}" : isPrefix ? upstream.PathPrefix + "{**lanyard-rest}" : upstream.PathPrefix;
            var band = upstream.Rewrite is not null ? RewritePriority : LowestPriority;
            routes.Add(new RouteConfig
            {
                RouteId = upstream.Id,
                ClusterId = upstream.Id,
                // After every Lanyard endpoint (order 0); among upstreams the longest path first.
                Order = band - Math.Min(upstream.PathPrefix.Length, RewritePriority - 1),
                Match = new RouteMatch { Path = match },
                Transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = upstream.Transport.PassHostHeader ? "true" : "false" }],
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = upstream.Id,
                // Identity headers may be non-ASCII; without this the forwarder refuses the request.
                HttpClient = new HttpClientConfig
                {
                    RequestHeaderEncoding = "utf-8",
                    DangerousAcceptAnyServerCertificate = upstream.Transport.InsecureSkipTlsVerify,
                },
                // YARP's activity timeout (100 s idle) would also end quiet WebSockets and event streams, which
                // oauth2-proxy keeps open; upstream_timeout bounds the wait for headers instead. An hour of silence
                // still frees what a vanished peer left behind.
                HttpRequest = new ForwarderRequestConfig { ActivityTimeout = IdleStreamLimit },
                // Static and file upstreams answer in LocalResponders; with no destination, anything that slipped
                // past them would get YARP's 503, never a request sent somewhere.
                Destinations = upstream.Destination is { } destination
                    ? new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = destination.AbsoluteUri } }
                    : new Dictionary<string, DestinationConfig>(),
            });
        }

        return (routes, clusters);
    }
}
