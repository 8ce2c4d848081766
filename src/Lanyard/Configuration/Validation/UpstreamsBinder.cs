namespace Lanyard.Configuration.Validation;

/// <summary>
/// oauth2-proxy's upstream forms: <c>http(s)://host[/path]</c> (the path is the route), <c>unix:///socket</c> and
/// <c>static://CODE</c> (both at <c>/</c>), <c>file:///dir[#/route/]</c>; <c>file:///dev/null</c>, the Helm chart's
/// default, serves nothing. The transport flags (<c>pass_host_header</c> and the rest) apply to every upstream, as
/// in oauth2-proxy's legacy options.
/// </summary>
internal static class UpstreamsBinder
{
    // What http://localhost/ stands for when the connection goes through a unix socket: the request's Host is the
    // client's (pass_host_header) or this name, never a real host.
    private static readonly Uri UnixSocketAuthority = new("http://localhost/");

    public static List<UpstreamOptions> Bind(SettingReader read)
    {
        var transport = Transport(read);
        var upstreams = new List<UpstreamOptions>();
        foreach (var text in read.List("upstreams"))
        {
            if (Upstream(read, text, $"upstream-{upstreams.Count + 1}") is not { } upstream)
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
            // 0 is Go's "no limit" for ResponseHeaderTimeout, and oauth2-proxy passes it through.
            ResponseHeaderTimeout: timeout == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : timeout,
            InsecureSkipTlsVerify: read.Bool("ssl_upstream_insecure_skip_verify", defaults.InsecureSkipTlsVerify),
            DisableKeepAlives: read.Bool("disable_keep_alives", defaults.DisableKeepAlives));
    }

    private static UpstreamOptions? Upstream(SettingReader read, string text, string id)
    {
        if (text.StartsWith("static://", StringComparison.OrdinalIgnoreCase))
        {
            var code = text["static://".Length..].TrimEnd('/');
            if (int.TryParse(code, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status) && status is >= 200 and <= 599)
            {
                return new UpstreamOptions(id, "/", Destination: null, StaticCode: status);
            }

            // oauth2-proxy falls back to 200 for a code it cannot read; an answer nobody meant is worse than a clear error.
            read.Fail("upstreams", $"'{text}': static:// takes an HTTP status code from 200 to 599, e.g. static://202");
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            read.Fail("upstreams", $"'{text}' is not an absolute URL");
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeFile)
        {
            var directory = uri.LocalPath;
            var route = uri.Fragment.Length > 1 ? Uri.UnescapeDataString(uri.Fragment[1..]) : "/";
            if (!route.StartsWith('/'))
            {
                read.Fail("upstreams", $"'{text}': the route after # must start with / (file:///srv/www#/docs/)");
                return null;
            }

            if (directory != "/dev/null" && !System.IO.Directory.Exists(directory))
            {
                read.Fail("upstreams", $"'{text}': the directory '{directory}' does not exist");
                return null;
            }

            return new UpstreamOptions(id, route, Destination: null, Directory: directory);
        }

        if (uri.Scheme == "unix")
        {
            // unix:///run/app.sock: the socket need not exist yet (the app may start after Lanyard); a request
            // before it does gets a 502, as any unreachable upstream.
            var socket = Uri.UnescapeDataString(uri.AbsolutePath);
            if (uri.Host.Length > 0 || socket.Length <= 1)
            {
                read.Fail("upstreams", $"'{text}': a unix socket upstream names an absolute path, e.g. unix:///run/app.sock");
                return null;
            }

            return new UpstreamOptions(id, "/", UnixSocketAuthority) { UnixSocket = socket };
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            read.Fail("upstreams", $"'{text}': {uri.Scheme}:// is not an upstream scheme; use http://, https://, unix://, file:// or static://");
            return null;
        }

        var prefix = uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath;
        return new UpstreamOptions(id, prefix, new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"));
    }
}
