using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Lanyard.Configuration.Sources;

/// <summary>
/// <c>lanyard config convert</c> (oauth2-proxy's <c>--convert-config-to-alpha</c>): the provider, upstream, header
/// and server options of a legacy configuration as alpha config YAML, through the same field tables the reader
/// uses, so what is written reads back to the same options. Secrets are not printed: the YAML takes them from
/// the environment (<c>${CLIENT_SECRET}</c>), which the reader substitutes.
/// </summary>
internal static class AlphaConfigWriter
{
    public static string Write(BoundConfiguration bound)
    {
        var settings = bound.Settings.Where(s => s.Origin != "default").ToDictionary(s => s.Key, StringComparer.Ordinal);
        var secrets = new List<string>();
        var root = new YamlMappingNode();

        var provider = new YamlMappingNode { { "id", $"{bound.Options.Provider.TypeName}={bound.Options.Provider.ClientId}" } };
        AddFields(provider, AlphaProviders.ProviderFields, settings, secrets);
        AddSection(provider, "oidcConfig", AlphaProviders.OidcFields, settings, secrets);
        AddSection(provider, "microsoftEntraIDConfig", AlphaProviders.EntraFields, settings, secrets);
        AddSection(provider, "azureConfig", AlphaProviders.AzureFields, settings, secrets);
        root.Add("providers", new YamlSequenceNode(provider));

        if (Upstreams(settings) is { Children.Count: > 0 } upstreams)
        {
            root.Add("upstreamConfig", new YamlMappingNode { { "upstreams", upstreams } });
        }

        AddHeaders(root, "injectRequestHeaders", bound.Options.Headers.Request, secrets);
        AddHeaders(root, "injectResponseHeaders", bound.Options.Headers.Response, secrets);
        AddServer(root, "server", settings, "http_address", "https_address", "tls_cert_file", "tls_key_file", withTlsVersions: true);
        AddServer(root, "metricsServer", settings, "metrics_address", "metrics_secure_address", "metrics_tls_cert_file", "metrics_tls_key_file", withTlsVersions: false);
        var rules = AddAuthorization(root, settings);

        var text = new StringWriter(CultureInfo.InvariantCulture);
        text.WriteLine("# Alpha config converted by lanyard config convert. Use it with --alpha-config, and remove the provider,");
        text.WriteLine("# upstream, header and server options from your TOML file, flags and environment: the YAML replaces them.");
        if (rules)
        {
            text.WriteLine("# The [[authorization_rules]] tables are under authorization: remove them from the TOML file too.");
        }

        if (secrets.Count > 0)
        {
            text.WriteLine("# Secrets are not written here; set them in the environment: " + string.Join(", ", secrets.Distinct()) + ".");
        }

        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        // YamlDotNet ends a document with "...", which oauth2-proxy's reader accepts but people do not write.
        return text.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
    }

    /// <summary>
    /// TOML's <c>[[authorization_rules]]</c> as alpha config's <c>authorization</c>: the same keys in camelCase, a
    /// rule's <c>rule_set</c> turned into its place under <c>ruleSets</c>, claim names as written. True when there were any.
    /// </summary>
    private static bool AddAuthorization(YamlMappingNode root, Dictionary<string, Setting> settings)
    {
        if (!settings.TryGetValue(AuthorizationRuleSource.SettingKey, out var setting) || setting.Value is not AuthorizationRuleSource { SnakeCase: true } source || source.Rules.Count == 0)
        {
            return false;
        }

        var rules = new YamlSequenceNode();
        var sets = new YamlMappingNode();
        foreach (var (table, _) in source.Rules)
        {
            var set = table.Fields.FirstOrDefault(f => f.Key == "rule_set")?.Value as string;
            var rule = Mapping(table, camelCase: true, except: "rule_set");
            if (set is null)
            {
                rules.Add(rule);
            }
            else if (sets.Children.TryGetValue(new YamlScalarNode(set), out var list))
            {
                ((YamlSequenceNode)list).Add(rule);
            }
            else
            {
                sets.Add(set, new YamlSequenceNode(rule));
            }
        }

        var authorization = new YamlMappingNode();
        if (rules.Children.Count > 0)
        {
            authorization.Add("rules", rules);
        }

        if (sets.Children.Count > 0)
        {
            authorization.Add("ruleSets", sets);
        }

        root.Add("authorization", authorization);
        return true;
    }

    private static YamlMappingNode Mapping(ConfigTable table, bool camelCase, string? except = null)
    {
        var node = new YamlMappingNode();
        foreach (var field in table.Fields.Where(f => f.Key != except))
        {
            var key = camelCase ? CamelCase(field.Key) : field.Key;
            YamlNode value = field.Value switch
            {
                string text => new YamlScalarNode(text),
                IEnumerable<string> list => new YamlSequenceNode(list.Select(v => new YamlScalarNode(v))),
                // A rule's claims map names the user chose: those stay as written.
                ConfigTable inner => Mapping(inner, camelCase: camelCase && field.Key != "claims"),
                _ => new YamlScalarNode(""),
            };
            node.Add(key, value);
        }

        return node;
    }

    private static string CamelCase(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static void AddSection(YamlMappingNode parent, string name, (string Field, string Key, bool List)[] table, Dictionary<string, Setting> settings, List<string> secrets)
    {
        var section = new YamlMappingNode();
        AddFields(section, table, settings, secrets);
        if (section.Children.Count > 0)
        {
            parent.Add(name, section);
        }
    }

    private static void AddFields(YamlMappingNode node, (string Field, string Key, bool List)[] table, Dictionary<string, Setting> settings, List<string> secrets)
    {
        foreach (var (field, key, list) in table)
        {
            if (!settings.TryGetValue(key, out var setting))
            {
                continue;
            }

            if (OptionCatalog.FindByTomlKey(key) is { Kind: OptionKind.Secret })
            {
                var variable = key.ToUpperInvariant();
                secrets.Add(variable);
                node.Add(field, "${" + variable + "}");
            }
            else
            {
                node.Add(field, list ? new YamlSequenceNode(Texts(setting.Value).Select(v => new YamlScalarNode(v))) : new YamlScalarNode(string.Join(",", Texts(setting.Value))));
            }
        }
    }

    /// <summary>The legacy <c>upstreams</c> entries as alpha upstreams (the reverse of <see cref="AlphaUpstreams"/>).</summary>
    private static YamlSequenceNode Upstreams(Dictionary<string, Setting> settings)
    {
        var list = new YamlSequenceNode();
        foreach (var entry in settings.TryGetValue("upstreams", out var upstreams) ? Texts(upstreams.Value) : [])
        {
            var upstream = new YamlMappingNode();
            if (entry.StartsWith("static://", StringComparison.Ordinal))
            {
                upstream.Add("id", "static://" + entry["static://".Length..]);
                upstream.Add("path", "/");
                upstream.Add("static", "true");
                upstream.Add("staticCode", entry["static://".Length..].TrimEnd('/'));
            }
            else if (Uri.TryCreate(entry, UriKind.Absolute, out var uri) && uri.Scheme == "file")
            {
                var path = uri.Fragment.Length > 1 ? Uri.UnescapeDataString(uri.Fragment[1..]) : "/";
                upstream.Add("id", path);
                upstream.Add("path", path);
                upstream.Add("uri", "file://" + uri.AbsolutePath);
            }
            else if (uri is not null && uri.Scheme is "http" or "https")
            {
                var path = uri.AbsolutePath.Length > 0 ? uri.AbsolutePath : "/";
                upstream.Add("id", path);
                upstream.Add("path", path);
                upstream.Add("uri", uri.GetLeftPart(UriPartial.Authority));
            }
            else
            {
                upstream.Add("id", "/");
                upstream.Add("path", "/");
                upstream.Add("uri", entry);
            }

            foreach (var (field, key) in AlphaUpstreams.SharedFields)
            {
                if (settings.TryGetValue(key, out var shared))
                {
                    upstream.Add(field, string.Join(",", Texts(shared.Value)));
                }
            }

            list.Add(upstream);
        }

        return list;
    }

    private static void AddHeaders(YamlMappingNode root, string name, IReadOnlyList<InjectedHeader> headers, List<string> secrets)
    {
        if (headers.Count == 0)
        {
            return;
        }

        var list = new YamlSequenceNode();
        foreach (var header in headers)
        {
            var values = new YamlSequenceNode();
            foreach (var value in header.Values)
            {
                values.Add(value switch
                {
                    HeaderValueSource.Claim claim => new YamlMappingNode { { "claimSource", ClaimSource(claim, secrets) } },
                    _ => new YamlMappingNode { { "secretSource", new YamlMappingNode { { "fromEnv", Secret("HEADER_" + Variable(header.Name), secrets) } } } },
                });
            }

            var node = new YamlMappingNode { { "name", header.Name } };
            if (header.PreserveRequestValue)
            {
                node.Add("preserveRequestValue", "true");
            }

            node.Add("values", values);
            list.Add(node);
        }

        root.Add(name, list);
    }

    private static YamlMappingNode ClaimSource(HeaderValueSource.Claim claim, List<string> secrets)
    {
        var node = new YamlMappingNode { { "claim", claim.Name } };
        if (claim.Prefix.Length > 0)
        {
            node.Add("prefix", new YamlScalarNode(claim.Prefix) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted });
        }

        if (claim.BasicAuth)
        {
            node.Add("basicAuthPassword", new YamlMappingNode { { "fromEnv", Secret("BASIC_AUTH_PASSWORD", secrets) } });
        }

        return node;
    }

    private static void AddServer(YamlMappingNode root, string name, Dictionary<string, Setting> settings, string bind, string secureBind, string cert, string key, bool withTlsVersions)
    {
        var server = new YamlMappingNode();
        if (settings.TryGetValue(bind, out var address))
        {
            server.Add("bindAddress", string.Join(",", Texts(address.Value)));
        }

        if (settings.TryGetValue(secureBind, out var secure))
        {
            server.Add("secureBindAddress", string.Join(",", Texts(secure.Value)));
        }

        var tls = new YamlMappingNode();
        if (settings.TryGetValue(key, out var keyFile))
        {
            tls.Add("key", new YamlMappingNode { { "fromFile", string.Join(",", Texts(keyFile.Value)) } });
        }

        if (settings.TryGetValue(cert, out var certFile))
        {
            tls.Add("cert", new YamlMappingNode { { "fromFile", string.Join(",", Texts(certFile.Value)) } });
        }

        if (withTlsVersions && settings.TryGetValue("tls_min_version", out var minVersion))
        {
            tls.Add("minVersion", string.Join(",", Texts(minVersion.Value)));
        }

        if (withTlsVersions && settings.TryGetValue("tls_cipher_suites", out var suites))
        {
            tls.Add("cipherSuites", new YamlSequenceNode(Texts(suites.Value).Select(s => new YamlScalarNode(s))));
        }

        if (tls.Children.Count > 0)
        {
            server.Add("TLS", tls);
        }

        if (server.Children.Count > 0)
        {
            root.Add(name, server);
        }
    }

    private static string Secret(string variable, List<string> secrets)
    {
        secrets.Add(variable);
        return variable;
    }

    private static string Variable(string headerName) => new([.. headerName.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

    private static IEnumerable<string> Texts(object value) => value switch
    {
        IReadOnlyList<string> list => list.SelectMany(v => v.Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0),
        bool b => [b ? "true" : "false"],
        long n => [n.ToString(CultureInfo.InvariantCulture)],
        var other => [Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""],
    };
}
