using System.Net;
using Lanyard.Configuration;

namespace Lanyard.Pipeline;

/// <summary>
/// The URL and method a gateway asks a forward-auth endpoint about: <c>X-Forwarded-Uri</c> and
/// <c>X-Forwarded-Method</c> (Traefik and Caddy send them; nginx configs often set the URI to <c>$request_uri</c>),
/// else nginx's conventional <c>X-Original-URL</c> / <c>X-Original-URI</c> and <c>X-Original-Method</c> — kept only
/// when <c>reverse_proxy</c> is on and the peer is in <c>trusted_proxy_ips</c>, as oauth2-proxy v7.15.2 keeps
/// X-Forwarded-Uri (GHSA-7x63): anyone else could name a skipped route to get a pass. Exactly one value each; a
/// header sent twice is ignored rather than guessed at. Captured before ASP.NET's forwarded-headers middleware
/// replaces the peer address with the client's.
/// </summary>
internal static class ForwardedUri
{
    private static readonly string[] UriHeaders = ["X-Forwarded-Uri", "X-Original-URL", "X-Original-URI"];
    private static readonly string[] MethodHeaders = ["X-Forwarded-Method", "X-Original-Method"];
    private static readonly object UriKey = new();
    private static readonly object MethodKey = new();

    /// <summary>The trusted forwarded URI of this request, or null.</summary>
    public static string? Of(HttpContext context) => context.Items.TryGetValue(UriKey, out var uri) ? (string?)uri : null;

    /// <summary>The trusted forwarded method of this request, or null.</summary>
    public static string? MethodOf(HttpContext context) => context.Items.TryGetValue(MethodKey, out var method) ? (string?)method : null;

    /// <summary>For a caller that learnt the original request another way (the gRPC check) and vouches for it.</summary>
    public static void Set(HttpContext context, string uri, string method)
    {
        context.Items[UriKey] = uri;
        context.Items[MethodKey] = method;
    }

    public static WebApplication UseTrustedForwardedUri(this WebApplication app, ReverseProxyOptions options)
    {
        app.Use((context, next) =>
        {
            // Headers first: most requests name no original request, and then the peer needs no judging.
            var uri = First(context.Request.Headers, UriHeaders);
            var method = First(context.Request.Headers, MethodHeaders);
            if ((uri is not null || method is not null) && IsTrustedPeer(context.Connection.RemoteIpAddress, options.TrustedProxies))
            {
                if (uri is not null)
                {
                    context.Items[UriKey] = uri;
                }

                if (method is not null && HttpMethodToken.IsValid(method))
                {
                    context.Items[MethodKey] = method;
                }
            }

            return next(context);
        });
        return app;
    }

    private static string? First(IHeaderDictionary headers, string[] names)
    {
        foreach (var name in names)
        {
            if (headers.TryGetValue(name, out var values))
            {
                return values is [{ Length: > 0 } value] ? value : null;
            }
        }

        return null;
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
        foreach (var network in trusted)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
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
