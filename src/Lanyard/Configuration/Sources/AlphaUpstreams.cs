using System.Text.RegularExpressions;
using Lanyard.Configuration.Validation;

namespace Lanyard.Configuration.Sources;

/// <summary>
/// Alpha config's <c>upstreamConfig</c>, bound per upstream as oauth2-proxy reads it: <c>path</c> is a prefix when it
/// ends in <c>/</c> and exact otherwise, or a regular expression when <c>rewriteTarget</c> is set; <c>uri</c> is
/// http(s), unix or file (a server's own path is not used, as in oauth2-proxy); <c>static</c> answers with
/// <c>staticCode</c> at any path; each upstream has its own transport fields. oauth2-proxy's validation rules apply
/// (unique ids and paths, a uri unless static, no server fields on a static upstream), each error on its field.
/// </summary>
internal static class AlphaUpstreams
{
    /// <summary>The per-upstream fields and the legacy options that set them for every upstream (for <c>config convert</c>).</summary>
    internal static readonly (string Field, string Key)[] SharedFields =
    [
        ("passHostHeader", "pass_host_header"), ("proxyWebSockets", "proxy_websockets"), ("flushInterval", "flush_interval"),
        ("timeout", "upstream_timeout"), ("insecureSkipTLSVerify", "ssl_upstream_insecure_skip_verify"), ("disableKeepAlives", "disable_keep_alives"),
    ];

    // Rewrites run on every request that reaches the proxy; a pattern may not backtrack its way into seconds. Go's
    // RE2 (oauth2-proxy's engine) guarantees linear time too, and has no backreferences either.
    private const RegexOptions PatternOptions = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

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

        var upstreams = new List<UpstreamOptions>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.Ordinal);
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
                continue;
            }

            if (!ids.Add(id))
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

            if (Upstream(item, upstream, id, path) is { } bound)
            {
                upstreams.Add(bound);
            }
        }

        settings.Add(new Setting("upstreams", new AlphaUpstreamList(upstreams), list.SettingOrigin));
    }

    private static UpstreamOptions? Upstream(AlphaNode item, Dictionary<string, AlphaNode> upstream, string id, string path)
    {
        var rewrite = Rewrite(upstream, path);
        if (upstream.TryGetValue("rewriteTarget", out var target) && !target.IsNull && rewrite is null)
        {
            return null;
        }

        var isStatic = upstream.GetValueOrDefault("static")?.Bool() == true;
        var staticCode = upstream.GetValueOrDefault("staticCode");
        if (isStatic)
        {
            return Static(upstream, id, path, staticCode) is { } answer ? answer with { Rewrite = rewrite } : null;
        }

        if (staticCode is { IsNull: false })
        {
            staticCode.Fail("is set, but the upstream is not static; set static: true for a static answer");
            return null;
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

        var bound = UpstreamsBinder.FromUri(id, path, uri, upstream["uri"].Fail);
        return bound is null || Transport(upstream) is not { } transport ? null : bound with { Transport = transport, Rewrite = rewrite };
    }

    private static UpstreamRewrite? Rewrite(Dictionary<string, AlphaNode> upstream, string path)
    {
        if (!upstream.TryGetValue("rewriteTarget", out var node) || node.Scalar() is not { } target)
        {
            return null;
        }

        try
        {
            // RE2's (?P<name>...) is .NET's (?<name>...); the replacement's $1 and ${name} mean the same in both.
            return new UpstreamRewrite(new Regex(path.Replace("(?P<", "(?<", StringComparison.Ordinal), PatternOptions), target);
        }
        catch (ArgumentException e)
        {
            upstream["path"].Fail($"'{path}' is not a regular expression (rewriteTarget makes path one): {e.Message}");
            return null;
        }
    }

    private static UpstreamOptions? Static(Dictionary<string, AlphaNode> upstream, string id, string path, AlphaNode? staticCode)
    {
        // oauth2-proxy's rule: fields that would change nothing on a static answer are errors, not silently unused.
        var failed = false;
        void NoEffect(string field, Func<AlphaNode, bool> changesSomething)
        {
            if (upstream.TryGetValue(field, out var node) && !node.IsNull && changesSomething(node))
            {
                node.Fail("has no effect on a static upstream; remove it");
                failed = true;
            }
        }

        NoEffect("uri", _ => true);
        NoEffect("insecureSkipTLSVerify", node => node.Bool() == true);
        NoEffect("passHostHeader", node => node.Bool() == true);
        NoEffect("proxyWebSockets", node => node.Bool() == true);
        NoEffect("flushInterval", node => Duration(node) is { } interval && interval != UpstreamTransport.Default.FlushInterval);
        var code = staticCode?.Scalar() is { } text ? UpstreamsBinder.StaticCode(text, staticCode.Fail) : 200;
        return failed || code is null ? null : new UpstreamOptions(id, path, Destination: null, StaticCode: code);
    }

    private static UpstreamTransport? Transport(Dictionary<string, AlphaNode> upstream)
    {
        var defaults = UpstreamTransport.Default;
        var valid = true;
        bool Flag(string field, bool fallback)
        {
            if (!upstream.TryGetValue(field, out var node) || node.IsNull)
            {
                return fallback;
            }

            var value = node.Bool();
            valid &= value is not null;
            return value ?? fallback;
        }

        TimeSpan Span(string field, TimeSpan fallback)
        {
            if (!upstream.TryGetValue(field, out var node) || node.IsNull)
            {
                return fallback;
            }

            var value = Duration(node);
            valid &= value is not null;
            return value ?? fallback;
        }

        var transport = new UpstreamTransport(
            PassHostHeader: Flag("passHostHeader", defaults.PassHostHeader),
            ProxyWebSockets: Flag("proxyWebSockets", defaults.ProxyWebSockets),
            FlushInterval: Span("flushInterval", defaults.FlushInterval),
            ResponseHeaderTimeout: UpstreamsBinder.HeaderTimeout(Span("timeout", defaults.ResponseHeaderTimeout)),
            InsecureSkipTlsVerify: Flag("insecureSkipTLSVerify", defaults.InsecureSkipTlsVerify),
            DisableKeepAlives: Flag("disableKeepAlives", defaults.DisableKeepAlives));
        return valid ? transport : null;
    }

    private static TimeSpan? Duration(AlphaNode node)
    {
        var text = node.Scalar();
        if (text is null)
        {
            return null;
        }

        if (GoDuration.TryParse(text, out var value) && value >= TimeSpan.Zero)
        {
            return value;
        }

        node.Fail($"'{text}' is not a duration; write it as Go does, e.g. 30s, 1m30s");
        return null;
    }
}
