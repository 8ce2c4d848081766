using System.Net;
using Lanyard.Configuration;

namespace Lanyard.Pipeline;

/// <summary>
/// <c>X-Forwarded-Uri</c>, the URL a gateway asks <c>/oauth2/auth</c> about (Traefik sends it; nginx configs set it
/// to <c>$request_uri</c>), kept only when <c>reverse_proxy</c> is on and the peer is in <c>trusted_proxy_ips</c>,
/// as oauth2-proxy v7.15.2 keeps it (GHSA-7x63): anyone else could name a skipped route to get a 202.
/// Captured before ASP.NET's forwarded-headers middleware replaces the peer address with the client's.
/// </summary>
internal static class ForwardedUri
{
    private const string HeaderName = "X-Forwarded-Uri";
    private static readonly object Key = new();

    /// <summary>The trusted forwarded URI of this request, or null.</summary>
    public static string? Of(HttpContext context) => context.Items.TryGetValue(Key, out var uri) ? (string?)uri : null;

    /// <summary>
    /// For a request Lanyard builds itself from what a trusted caller sent (the gRPC ext_authz listener's
    /// <c>CheckRequest</c>): the URL it asks about.
    /// </summary>
    internal static void Set(HttpContext context, string uri) => context.Items[Key] = uri;

    public static WebApplication UseTrustedForwardedUri(this WebApplication app, ReverseProxyOptions options)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Headers[HeaderName] is [{ Length: > 0 } uri] && IsTrustedPeer(context.Connection.RemoteIpAddress, options.TrustedProxies))
            {
                context.Items[Key] = uri;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>
    /// As the forwarded-headers middleware decides it: no address (a Unix socket, which oauth2-proxy trusts too) or
    /// one in the trusted networks.
    /// </summary>
    private static bool IsTrustedPeer(IPAddress? peer, IReadOnlyList<IPNetwork> trusted)
    {
        if (peer is null)
        {
            return true;
        }

        var address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        return trusted.Any(network => network.Contains(address));
    }

    /// <summary>
    /// The path of a forwarded URI (<c>/a/b?x#y</c> or an absolute URL) as the rules judge it: query and fragment
    /// dropped (oauth2-proxy GHSA-pxq7), percent-decoded and with <c>.</c>/<c>..</c> segments resolved (RFC 3986
    /// §5.2.4), so <c>/public/%2e%2e/admin</c> is judged as the <c>/admin</c> an upstream would serve. Null when it
    /// is not a path.
    /// </summary>
    public static string? PathOf(string uri)
    {
        var end = uri.AsSpan().IndexOfAny('?', '#');
        var raw = end >= 0 ? uri[..end] : uri;
        if (!raw.StartsWith('/') && Uri.TryCreate(raw, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            raw = absolute.AbsolutePath;
        }

        if (!raw.StartsWith('/') || raw.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = new List<string>();
        var decoded = Uri.UnescapeDataString(raw);
        var parts = decoded.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            switch (parts[i])
            {
                case ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                default:
                    segments.Add(parts[i]);
                    break;
            }
        }

        var trailing = parts[^1] is "." or ".." ? "/" : "";
        return "/" + string.Join('/', segments) + (segments.Count > 0 ? trailing : "");
    }
}
