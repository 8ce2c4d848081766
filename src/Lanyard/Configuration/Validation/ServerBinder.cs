using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lanyard.Configuration.Validation;

/// <summary>
/// The listener options, with oauth2-proxy's rules: <c>https_address</c> counts only with <c>tls_cert_file</c> and
/// <c>tls_key_file</c>, which then turn plain http off; <c>tls_min_version</c> is TLS1.2 (default) or TLS1.3;
/// <c>tls_cipher_suites</c> are IANA names (Go's names are the IANA ones). Certificates are loaded once here, so
/// a wrong path or a key that does not match fails at startup, naming the option.
/// </summary>
internal static class ServerBinder
{
    public static ServerOptions? Bind(SettingReader read)
    {
        var http = Address(read, "http_address", "127.0.0.1:4180");
        var tls = Tls(read, "tls_cert_file", "tls_key_file", withVersions: true);
        var https = tls is null ? null : Address(read, "https_address", ":443");
        var metricsTls = Tls(read, "metrics_tls_cert_file", "metrics_tls_key_file", withVersions: false);
        var metrics = read.String("metrics_address") is { Length: > 0 } ? Address(read, "metrics_address", "") : null;
        var metricsHttps = metricsTls is not null && read.String("metrics_secure_address") is { Length: > 0 } ? Address(read, "metrics_secure_address", "") : null;
        if (metricsTls is not null && metricsHttps is null)
        {
            read.Fail("metrics_tls_cert_file", "needs metrics_secure_address, the address of the metrics https listener");
        }
        else if (metricsTls is null && read.String("metrics_secure_address") is { Length: > 0 })
        {
            read.Fail("metrics_secure_address", "needs metrics_tls_cert_file and metrics_tls_key_file");
        }

        var extAuthz = ExtAuthzGrpc(read, tls, [http, https, metrics, metricsHttps]);
        var kubeWebhook = KubeWebhook(read, tls, [http, https, metrics, metricsHttps, extAuthz?.Address]);
        return http is null && tls is null ? null : new ServerOptions(tls is null ? http : null, https, tls, metrics, metricsHttps, metricsTls, extAuthz, kubeWebhook);
    }

    /// <summary>
    /// <c>ext_authz_grpc_address</c>: unset is off. <c>https://</c> needs the https listener's certificate files; the
    /// port must be its own, since what a listener serves is told by its port.
    /// </summary>
    private static ExtAuthzGrpcListener? ExtAuthzGrpc(SettingReader read, TlsOptions? tls, ListenAddress?[] others)
    {
        const string key = "ext_authz_grpc_address";
        if (read.String(key)?.Trim() is not { Length: > 0 } text)
        {
            return null;
        }

        if (Address(read, key, "") is not { } address)
        {
            return null;
        }

        var secure = text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (secure && tls is null)
        {
            read.Fail(key, "an https:// address needs tls_cert_file and tls_key_file (its certificate is the https listener's); use host:port for cleartext HTTP/2 (h2c)");
            return null;
        }

        if (others.OfType<ListenAddress>().Any(other => other.Port == address.Port))
        {
            read.Fail(key, $"port {address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)} is already another Lanyard listener's; the gRPC listener needs a port of its own");
            return null;
        }

        return new ExtAuthzGrpcListener(address, secure ? tls : null);
    }

    /// <summary>
    /// <c>kube_webhook_address</c>: unset is off. HTTPS only (the API server's webhook kubeconfig names an https URL),
    /// with <c>kube_webhook_tls_cert_file</c>/<c>_key_file</c>, else the https listener's files; on a port of its own;
    /// and the API server must authenticate (client certificate or bearer token): an open webhook would tell anyone
    /// who holds a token whether it is good.
    /// </summary>
    private static KubeWebhookListener? KubeWebhook(SettingReader read, TlsOptions? httpsTls, ListenAddress?[] others)
    {
        const string key = "kube_webhook_address";
        var webhookTls = Tls(read, "kube_webhook_tls_cert_file", "kube_webhook_tls_key_file", withVersions: false);
        if (read.String(key)?.Trim() is not { Length: > 0 } text)
        {
            foreach (var needsWebhook in new[] { "kube_webhook_tls_cert_file", "kube_webhook_client_ca_file", "kube_webhook_token_file" })
            {
                if (read.String(needsWebhook) is { Length: > 0 })
                {
                    read.Fail(needsWebhook, "applies to the TokenReview webhook only; set kube_webhook_address too, or remove it");
                }
            }

            return null;
        }

        if (!text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            read.Fail(key, "must be https://host:port: the API server sends bearer tokens to the webhook, and only over TLS");
            return null;
        }

        if (Address(read, key, "") is not { } address)
        {
            return null;
        }

        if (others.OfType<ListenAddress>().Any(other => other.Port == address.Port))
        {
            read.Fail(key, $"port {address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)} is already another Lanyard listener's; the webhook needs a port of its own");
            return null;
        }

        if ((webhookTls ?? httpsTls) is not { } tls)
        {
            read.Fail(key, "needs a certificate: kube_webhook_tls_cert_file and kube_webhook_tls_key_file (or tls_cert_file and tls_key_file)");
            return null;
        }

        var authorities = ClientAuthorities(read);
        var token = BearerTokenHash(read);
        if (authorities is null && token is null && read.String("kube_webhook_client_ca_file") is not { Length: > 0 } && read.String("kube_webhook_token_file") is not { Length: > 0 })
        {
            read.Fail(key, "needs kube_webhook_client_ca_file (the CA of the API server's client certificate) or kube_webhook_token_file (the token the API server sends): the webhook must know its caller");
        }

        return new KubeWebhookListener(address, tls, authorities, token);
    }

    private static X509Certificate2Collection? ClientAuthorities(SettingReader read)
    {
        const string key = "kube_webhook_client_ca_file";
        if (read.String(key) is not { Length: > 0 } path)
        {
            return null;
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            read.Fail(key, $"cannot read certificates from '{path}': {e.Message}");
            return null;
        }

        if (authorities.Count == 0)
        {
            read.Fail(key, $"'{path}' holds no PEM certificate");
            return null;
        }

        return authorities;
    }

    /// <summary>Only the token's hash is kept, compared in constant time with the hash of what a caller sends.</summary>
    private static byte[]? BearerTokenHash(SettingReader read)
    {
        const string key = "kube_webhook_token_file";
        if (read.String(key) is not { Length: > 0 } path || read.ReadFile(key, path) is not { } bytes)
        {
            return null;
        }

        var token = System.Text.Encoding.UTF8.GetString(bytes).Trim();
        if (token.Length < 16)
        {
            read.Fail(key, $"the token in '{path}' is {(token.Length == 0 ? "empty" : "shorter than 16 characters")}; use a long random one (openssl rand -base64 32)");
            return null;
        }

        return SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
    }

    private static ListenAddress? Address(SettingReader read, string key, string fallback)
    {
        var text = read.String(key) ?? fallback;
        if (ListenAddress.TryParse(text, out var address, out var error))
        {
            return address;
        }

        read.Fail(key, error!);
        return null;
    }

    private static TlsOptions? Tls(SettingReader read, string certKey, string keyKey, bool withVersions)
    {
        var certificate = read.String(certKey) is { Length: > 0 } c ? c : null;
        var key = read.String(keyKey) is { Length: > 0 } k ? k : null;
        if (certificate is null && key is null)
        {
            // Without TLS files these would be ignored, and a setting that does nothing is worse than an error.
            foreach (var tlsOnly in withVersions ? ["tls_min_version", "tls_cipher_suites"] : Array.Empty<string>())
            {
                if (read.Find(tlsOnly) is { Origin: not "default" })
                {
                    read.Fail(tlsOnly, $"applies to the https listener only; set {certKey} and {keyKey} (and https_address) or remove it");
                }
            }

            return null;
        }

        if (certificate is null || key is null)
        {
            // Named on the one that is set, so the error says where (the missing one has no origin to give).
            read.Fail(certificate is null ? keyKey : certKey, $"needs {(certificate is null ? certKey : keyKey)} too: TLS needs both the certificate and its private key (PEM files)");
            return null;
        }

        try
        {
            using var loaded = X509Certificate2.CreateFromPemFile(certificate, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            read.Fail(certKey, $"cannot load '{certificate}' with the key in '{key}': {e.Message}");
            return null;
        }

        var minimum = SslProtocols.Tls12;
        IReadOnlyList<TlsCipherSuite>? suites = null;
        if (withVersions)
        {
            switch (read.String("tls_min_version")?.Trim())
            {
                case null or "" or "TLS1.2":
                    break;
                case "TLS1.3":
                    minimum = SslProtocols.Tls13;
                    break;
                case var other:
                    read.Fail("tls_min_version", $"'{other}' is not TLS1.2 or TLS1.3");
                    break;
            }

            var names = read.List("tls_cipher_suites");
            if (names.Count > 0)
            {
                var parsed = new List<TlsCipherSuite>();
                foreach (var name in names)
                {
                    if (Enum.TryParse<TlsCipherSuite>(name, ignoreCase: false, out var suite) && name.StartsWith("TLS_", StringComparison.Ordinal))
                    {
                        parsed.Add(suite);
                    }
                    else
                    {
                        read.Fail("tls_cipher_suites", $"'{name}' is not a TLS cipher suite name (IANA names, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
                    }
                }

                suites = parsed;
            }
        }

        return new TlsOptions(Path.GetFullPath(certificate), Path.GetFullPath(key), minimum, suites);
    }
}
