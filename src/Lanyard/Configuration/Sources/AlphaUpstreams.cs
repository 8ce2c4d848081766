namespace Lanyard.Configuration.Sources;

/// <summary>
/// Alpha config's <c>upstreamConfig</c>, as the legacy <c>upstreams</c> entries that mean the same thing
/// (<c>static://200</c>, <c>file:///dir#/path</c>, <c>http://host/path</c>, <c>unix:///socket</c>). Lanyard applies
/// the per-upstream transport fields to every upstream, so they must agree across upstreams; what the legacy form
/// cannot say (regex paths with <c>rewriteTarget</c>, a base path in <c>uri</c>) is refused with the reason.
/// </summary>
internal static class AlphaUpstreams
{
    internal static readonly (string Field, string Key)[] SharedFields =
    [
        ("passHostHeader", "pass_host_header"), ("proxyWebSockets", "proxy_websockets"), ("flushInterval", "flush_interval"),
        ("timeout", "upstream_timeout"), ("insecureSkipTLSVerify", "ssl_upstream_insecure_skip_verify"), ("disableKeepAlives", "disable_keep_alives"),
    ];

    public static void Read(AlphaNode config, List<Setting> settings)
    {
        if (config.Fields("upstreams", "proxyRawPath") is not { } fields)
        {
            return;
        }

        if (fields.TryGetValue("proxyRawPath", out var raw) && raw.Bool() == true)
        {
            raw.Fail("is not supported yet: Lanyard forwards the decoded path");
        }

        if (!fields.TryGetValue("upstreams", out var list))
        {
            return;
        }

        var entries = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var shared = new Dictionary<string, (string Value, AlphaNode Node)>(StringComparer.Ordinal);
        foreach (var item in list.Items())
        {
            string[] known = ["id", "path", "uri", "static", "staticCode", "rewriteTarget", .. SharedFields.Select(f => f.Field)];
            if (item.Fields(known) is not { } upstream)
            {
                continue;
            }

            var id = upstream.GetValueOrDefault("id")?.Scalar();
            var path = upstream.GetValueOrDefault("path")?.Scalar();
            if (string.IsNullOrWhiteSpace(id))
            {
                item.Fail("needs an id");
            }
            else if (!ids.Add(id))
            {
                upstream["id"].Fail($"'{id}' is used by another upstream; ids must be unique");
            }

            if (string.IsNullOrWhiteSpace(path))
            {
                item.Fail("needs a path (e.g. /)");
                continue;
            }

            if (!paths.Add(path))
            {
                upstream["path"].Fail($"'{path}' is used by another upstream; paths must be unique");
            }

            if (upstream.TryGetValue("rewriteTarget", out var rewrite) && !rewrite.IsNull)
            {
                rewrite.Fail("is not supported yet: Lanyard matches upstream paths as prefixes and forwards them unchanged");
                continue;
            }

            if (Entry(item, upstream, path) is { } entry)
            {
                entries.Add(entry);
            }

            foreach (var (field, key) in SharedFields)
            {
                if (upstream.TryGetValue(field, out var node) && node.Scalar() is { } value)
                {
                    if (shared.TryGetValue(key, out var first) && first.Value != value)
                    {
                        node.Fail($"differs from {first.Node.Path} ('{first.Value}'); Lanyard applies {field} to every upstream, so set it the same on each");
                    }
                    else
                    {
                        shared[key] = (value, node);
                    }
                }
            }
        }

        settings.Add(new Setting("upstreams", entries, list.SettingOrigin));
        settings.AddRange(shared.Select(pair => new Setting(pair.Key, pair.Value.Value, pair.Value.Node.SettingOrigin)));
    }

    private static string? Entry(AlphaNode item, Dictionary<string, AlphaNode> upstream, string path)
    {
        if (upstream.TryGetValue("static", out var isStatic) && isStatic.Bool() == true)
        {
            var code = upstream.GetValueOrDefault("staticCode")?.Scalar() ?? "200";
            if (path != "/")
            {
                upstream["path"].Fail("a static upstream is served at / in this version of Lanyard (as oauth2-proxy's legacy static://CODE)");
                return null;
            }

            return "static://" + code;
        }

        if (upstream.GetValueOrDefault("uri")?.Scalar() is not { Length: > 0 } text)
        {
            item.Fail("needs a uri (or static: true)");
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            upstream["uri"].Fail($"'{text}' is not an absolute URL");
            return null;
        }

        switch (uri.Scheme)
        {
            case "file":
                return $"file://{uri.AbsolutePath}#{path}";
            case "unix" when path == "/":
                return text;
            case "unix":
                upstream["path"].Fail("a unix socket upstream is served at / in this version of Lanyard");
                return null;
            case "http" or "https" when uri.AbsolutePath is "/" || uri.AbsolutePath == path:
                return uri.GetLeftPart(UriPartial.Authority) + path;
            case "http" or "https":
                upstream["uri"].Fail($"a base path in uri ('{uri.AbsolutePath}') other than the upstream's path is not supported yet; requests are forwarded with their own path");
                return null;
            default:
                upstream["uri"].Fail($"'{uri.Scheme}' is not an upstream scheme; use http, https, file or unix (or static: true)");
                return null;
        }
    }
}
