namespace Lanyard.Configuration.Validation;

/// <summary>
/// oauth2-proxy's upstream forms: <c>http(s)://host[/path]</c> (the path is the route), <c>unix:///socket</c> and
/// <c>static://CODE</c> (both at <c>/</c>), <c>file:///dir[#/route/]</c>; <c>file:///dev/null</c>, the Helm chart's
/// default, serves nothing. The transport flags (<c>pass_host_header</c> and the rest) apply to every upstream, as
/// in oauth2-proxy's legacy options. Alpha config's <c>upstreamConfig</c> arrives already bound, per upstream
/// (<see cref="AlphaUpstreamList"/>), and shares <see cref="FromUri"/> with the legacy form.
/// </summary>
internal static class UpstreamsBinder
{
    // What http://localhost/ stands for when the connection goes through a unix socket: the request's Host is the
    // client's (pass_host_header) or this name, never a real host.
    private static readonly Uri UnixSocketAuthority = new("http://localhost/");

    public static List<UpstreamOptions> Bind(SettingReader read)
    {
        if (read.Find("upstreams")?.Value is AlphaUpstreamList alpha)
        {
            return [.. alpha.Upstreams];
        }

        var transport = Transport(read);
        var upstreams = new List<UpstreamOptions>();
        foreach (var text in read.List("upstreams"))
        {
            if (Upstream(text, $"upstream-{upstreams.Count + 1}", message => read.Fail("upstreams", $"'{text}': {message}")) is not { } upstream)
            {
                continue;
            }

            if (upstreams.Any(u => u.PathPrefix == upstream.PathPrefix))
            {
                read.Fail("upstreams", $"two upstreams use the path '{upstream.PathPrefix}'; each path may have one upstream");
                continue;
            }

            upstreams.Add(upstream with { Transport = transport });
        }

        return upstreams;
    }

    private static UpstreamTransport Transport(SettingReader read)
    {
        var defaults = UpstreamTransport.Default;
        var timeout = read.Duration("upstream_timeout", defaults.ResponseHeaderTimeout);
        return new UpstreamTransport(
            PassHostHeader: read.Bool("pass_host_header", defaults.PassHostHeader),
            ProxyWebSockets: read.Bool("proxy_websockets", defaults.ProxyWebSockets),
            FlushInterval: read.Duration("flush_interval", defaults.FlushInterval),
            ResponseHeaderTimeout: HeaderTimeout(timeout),
            InsecureSkipTlsVerify: read.Bool("ssl_upstream_insecure_skip_verify", defaults.InsecureSkipTlsVerify),
            DisableKeepAlives: read.Bool("disable_keep_alives", defaults.DisableKeepAlives));
    }

    // 0 is Go's "no limit" for ResponseHeaderTimeout, and oauth2-proxy passes it through.
    public static TimeSpan HeaderTimeout(TimeSpan configured) => configured == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : configured;

    /// <summary>A static answer: a status code from 200 to 599.</summary>
    public static int? StaticCode(string code, Action<string> fail)
    {
        if (int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status) && status is >= 200 and <= 599)
        {
            return status;
        }

        // oauth2-proxy falls back to 200 for a code it cannot read; an answer nobody meant is worse than a clear error.
        fail($"a static upstream answers with an HTTP status code from 200 to 599, not '{code}'");
        return null;
    }

    private static UpstreamOptions? Upstream(string text, string id, Action<string> fail)
    {
        if (text.StartsWith("static://", StringComparison.OrdinalIgnoreCase))
        {
            return StaticCode(text["static://".Length..].TrimEnd('/'), fail) is { } status
                ? new UpstreamOptions(id, "/", Destination: null, StaticCode: status)
                : null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            fail("is not an absolute URL");
            return null;
        }

        // The legacy form says the route in the URL: after # for files, the path for servers, / for sockets.
        var route = uri.Scheme switch
        {
            "file" => uri.Fragment.Length > 1 ? Uri.UnescapeDataString(uri.Fragment[1..]) : "/",
            "unix" => "/",
            _ => uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath,
        };
        if (uri.Scheme == "file" && !route.StartsWith('/'))
        {
            fail("the route after # must start with / (file:///srv/www#/docs/)");
            return null;
        }

        return FromUri(id, route, uri, fail);
    }

    /// <summary>
    /// The upstream at <paramref name="route"/> that <paramref name="uri"/> names. A server's own path is not used:
    /// requests keep theirs, as in oauth2-proxy, which empties the upstream URL's path.
    /// </summary>
    public static UpstreamOptions? FromUri(string id, string route, Uri uri, Action<string> fail)
    {
        switch (uri.Scheme)
        {
            case "file":
                var directory = uri.LocalPath;
                if (directory != "/dev/null" && !System.IO.Directory.Exists(directory))
                {
                    fail($"the directory '{directory}' does not exist");
                    return null;
                }

                return new UpstreamOptions(id, route, Destination: null, Directory: directory);

            case "unix":
                // unix:///run/app.sock: the socket need not exist yet (the app may start after Lanyard); a request
                // before it does gets a 502, as any unreachable upstream.
                var socket = Uri.UnescapeDataString(uri.AbsolutePath);
                if (uri.Host.Length > 0 || socket.Length <= 1)
                {
                    fail("a unix socket upstream names an absolute path, e.g. unix:///run/app.sock");
                    return null;
                }

                return new UpstreamOptions(id, route, UnixSocketAuthority) { UnixSocket = socket };

            case "http" or "https":
                return new UpstreamOptions(id, route, new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"));

            default:
                fail($"{uri.Scheme}:// is not an upstream scheme; use http://, https://, unix://, file:// or static://");
                return null;
        }
    }
}

/// <summary>Alpha config's upstreams, bound where the YAML is read so each error names its field and line.</summary>
internal sealed record AlphaUpstreamList(IReadOnlyList<UpstreamOptions> Upstreams)
{
    public override string ToString() => string.Join("; ", Upstreams.Select(u => u.Describe()));
}
