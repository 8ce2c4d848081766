using System.Text.RegularExpressions;

namespace Lanyard.Configuration;

/// <summary>
/// One upstream: requests whose path starts with <see cref="PathPrefix"/> go to the server at <see cref="Destination"/>,
/// path unchanged (oauth2-proxy's legacy <c>upstreams</c> semantics; the longest prefix wins). Or, instead of a
/// server: <see cref="StaticCode"/> (<c>static://202</c>) answers with that status, and <see cref="Directory"/>
/// (<c>file:///srv/www#/docs/</c>) serves files; both only to requests the access stage let through.
/// A <see cref="UnixSocket"/> upstream (<c>unix:///run/app.sock</c>) is a server reached through that socket.
/// With a <see cref="Rewrite"/> (alpha config's <c>rewriteTarget</c>), <see cref="PathPrefix"/> is instead a regular
/// expression the whole path must match, and the upstream sees the rewritten path.
/// </summary>
internal sealed record UpstreamOptions(string Id, string PathPrefix, Uri? Destination, int? StaticCode = null, string? Directory = null)
{
    public string? UnixSocket { get; init; }

    public UpstreamTransport Transport { get; init; } = UpstreamTransport.Default;

    public UpstreamRewrite? Rewrite { get; init; }

    /// <summary>One line for <c>lanyard config check</c>: where requests go.</summary>
    public string Describe()
    {
        var target = (StaticCode, Directory, UnixSocket, Destination) switch
        {
            ({ } code, _, _, _) => $"static {code}",
            (_, { } directory, _, _) => $"files in {directory}",
            (_, _, { } socket, _) => $"unix socket {socket}",
            (_, _, _, { } destination) => destination.GetLeftPart(UriPartial.Authority),
            _ => "nothing",
        };
        var path = Rewrite is { } rewrite ? $"{PathPrefix} (rewritten to {rewrite.Target})" : PathPrefix;
        return $"{Id}: {path} -> {target}";
    }
}

/// <summary>
/// Alpha config's <c>rewriteTarget</c>: the path matching <see cref="Pattern"/> becomes <see cref="Target"/> with
/// <c>$1</c>-style groups filled in (<c>^/baz/(.*)$</c> → <c>/foo/$1</c>). A <c>?</c> in the result adds query
/// parameters to the request's own, as oauth2-proxy does.
/// </summary>
internal sealed record UpstreamRewrite(Regex Pattern, string Target)
{
    public (string Path, string? Query) Apply(string path)
    {
        var rewritten = Pattern.Replace(path, Target);
        var question = rewritten.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (rewritten, null) : (rewritten[..question], rewritten[(question + 1)..]);
    }
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
