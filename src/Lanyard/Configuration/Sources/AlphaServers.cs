namespace Lanyard.Configuration.Sources;

/// <summary>Alpha config's <c>server</c> and <c>metricsServer</c>, as the legacy listener and TLS options.</summary>
internal static class AlphaServers
{
    public static void Read(AlphaNode server, List<Setting> settings, bool metrics)
    {
        if (server.Fields("bindAddress", "secureBindAddress", "TLS") is not { } fields)
        {
            return;
        }

        var prefix = metrics ? "metrics_" : "";
        if (fields.TryGetValue("bindAddress", out var bind) && bind.AsSetting(metrics ? "metrics_address" : "http_address") is { } address)
        {
            settings.Add(address);
        }

        // oauth2-proxy: a blank secureBindAddress or "-" disables the HTTPS listener.
        if (fields.TryGetValue("secureBindAddress", out var secure) && secure.Scalar() is { Length: > 0 } secureAddress && secureAddress != "-")
        {
            settings.Add(new Setting(metrics ? "metrics_secure_address" : "https_address", secureAddress, secure.SettingOrigin));
        }

        if (!fields.TryGetValue("TLS", out var tls) || tls.Fields("key", "cert", "minVersion", "cipherSuites") is not { } tlsFields)
        {
            return;
        }

        foreach (var (field, key) in (ReadOnlySpan<(string, string)>)[("key", "tls_key_file"), ("cert", "tls_cert_file")])
        {
            if (tlsFields.TryGetValue(field, out var source) && source.Fields("value", "fromEnv", "fromFile") is { } sourceFields)
            {
                if (sourceFields.TryGetValue("fromFile", out var file) && file.AsSetting(prefix + key) is { } setting)
                {
                    settings.Add(setting);
                }
                else
                {
                    source.Fail("only fromFile is supported for TLS keys and certificates in this version of Lanyard (mount the secret as a file)");
                }
            }
        }

        if (metrics && (tlsFields.ContainsKey("minVersion") || tlsFields.ContainsKey("cipherSuites")))
        {
            tls.Fail("minVersion and cipherSuites apply to the main server's TLS only in this version of Lanyard");
            return;
        }

        if (tlsFields.TryGetValue("minVersion", out var minVersion) && minVersion.AsSetting("tls_min_version") is { } min)
        {
            settings.Add(min);
        }

        if (tlsFields.TryGetValue("cipherSuites", out var suites) && suites.AsSetting("tls_cipher_suites", list: true) is { } cipherSuites)
        {
            settings.Add(cipherSuites);
        }
    }
}
