using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>https_address with tls_* (certificates reloaded in place), metrics_address, and oauth2-proxy's Helm chart defaults.</summary>
public sealed class ServerTlsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Provider = """
        provider = "oidc"
        oidc_issuer_url = "http://127.0.0.1:9/"
        client_id = "lanyard"
        client_secret = "secret"
        cookie_secret = "kPZ7Qp3w0b8mY1sV5xT9rN2uA6eC4dF0"
        email_domains = ["*"]
        upstreams = ["http://127.0.0.1:9/"]
        """;

    [Fact]
    public async Task Https_ServesTheCertificate_ReloadsItWhenTheFilesChange_AndTurnsPlainHttpOff()
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-tls-").FullName;
        var (certFile, keyFile) = (Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"));
        var first = WritePem(certFile, keyFile, "first.lanyard.test");
        var (httpPort, httpsPort, metricsPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var config = TemporaryDirectory.WriteFile("lanyard.toml", Provider + $"""

            http_address = "127.0.0.1:{httpPort}"
            https_address = "127.0.0.1:{httpsPort}"
            tls_cert_file = "{certFile}"
            tls_key_file = "{keyFile}"
            metrics_address = "127.0.0.1:{metricsPort}"
            """);
        await using var serve = TestProcess.Lanyard("serve", "--config", config);
        await serve.WaitForOutputAsync("Lanyard is listening on https://127.0.0.1:" + httpsPort);

        Assert.Equal(first, await ServedThumbprintAsync(httpsPort));
        using var plain = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{httpPort}/ping", Cancel));
        using var metrics = await plain.GetAsync($"http://127.0.0.1:{metricsPort}/ping", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);

        // cert-manager renews the mounted secret in place: new connections get the new certificate, no restart.
        var second = WritePem(certFile, keyFile, "second.lanyard.test");
        await Poll.UntilAsync(async () => await ServedThumbprintAsync(httpsPort) == second, "the renewed certificate to be served", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task MetricsSecureAddress_ServesThePrometheusScrapeOverHttps_WithItsOwnCertificate()
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-tls-").FullName;
        var (certFile, keyFile) = (Path.Combine(directory, "metrics.crt"), Path.Combine(directory, "metrics.key"));
        var expected = WritePem(certFile, keyFile, "metrics.lanyard.test");
        var (httpPort, metricsPort) = (FreePort.Next(), FreePort.Next());
        var config = TemporaryDirectory.WriteFile("lanyard.toml", Provider + $"""

            http_address = "127.0.0.1:{httpPort}"
            metrics_secure_address = "127.0.0.1:{metricsPort}"
            metrics_tls_cert_file = "{certFile}"
            metrics_tls_key_file = "{keyFile}"
            """);
        await using var serve = TestProcess.Lanyard("serve", "--config", config);
        await serve.WaitUntilOkAsync($"http://127.0.0.1:{httpPort}/ping");
        using (var plain = new HttpClient())
        {
            using var counted = await plain.GetAsync($"http://127.0.0.1:{httpPort}/ping", Cancel);
        }

        string? served = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    served = certificate?.GetCertHashString(HashAlgorithmName.SHA256);
                    return served == expected;
                },
            },
        };
        using var client = new HttpClient(handler);
        using var scrape = await client.GetAsync($"https://127.0.0.1:{metricsPort}/metrics", Cancel);
        var body = await scrape.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(expected, served);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("# TYPE oauth2_proxy_requests_total counter", body, StringComparison.Ordinal);
        using var elsewhere = await client.GetAsync($"https://127.0.0.1:{metricsPort}/ping", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        // Plain HTTP on the secure metrics port is no scrape.
        using var plainClient = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => plainClient.GetAsync($"http://127.0.0.1:{metricsPort}/metrics", Cancel));
    }

    [Fact]
    public async Task TlsMinVersion13_RefusesATls12Client()
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-tls-").FullName;
        var (certFile, keyFile) = (Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"));
        WritePem(certFile, keyFile, "lanyard.test");
        var httpsPort = FreePort.Next();
        var config = TemporaryDirectory.WriteFile("lanyard.toml", Provider + $"""

            https_address = "127.0.0.1:{httpsPort}"
            tls_cert_file = "{certFile}"
            tls_key_file = "{keyFile}"
            tls_min_version = "TLS1.3"
            """);
        await using var serve = TestProcess.Lanyard("serve", "--config", config);
        await serve.WaitForOutputAsync("Lanyard is listening on https://127.0.0.1:" + httpsPort);

        Assert.NotNull(await ServedThumbprintAsync(httpsPort, SslProtocols.Tls13));
        await Assert.ThrowsAnyAsync<Exception>(() => ServedThumbprintAsync(httpsPort, SslProtocols.Tls12));
    }

    [Fact]
    public async Task Oauth2ProxysHelmChartListeners_Start()
    {
        // The chart's --http-address=0.0.0.0:4180 --https-address=0.0.0.0:4443 --metrics-address=0.0.0.0:44180, on
        // free ports: https_address without certificates is unused, as in oauth2-proxy.
        var (httpPort, httpsPort, metricsPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var config = TemporaryDirectory.WriteFile("lanyard.toml", Provider.Replace("upstreams = [\"http://127.0.0.1:9/\"]", "upstreams = [ \"file:///dev/null\" ]", StringComparison.Ordinal));
        await using var serve = TestProcess.Lanyard("serve", "--config", config,
            $"--http-address=0.0.0.0:{httpPort}", $"--https-address=0.0.0.0:{httpsPort}", $"--metrics-address=0.0.0.0:{metricsPort}");

        await serve.WaitUntilOkAsync($"http://127.0.0.1:{httpPort}/ping");
        using var client = new HttpClient();
        using var metrics = await client.GetAsync($"http://127.0.0.1:{metricsPort}/", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
    }

    [Theory]
    [InlineData("tls_cert_file = \"{cert}\"", "tls_cert_file (from lanyard.toml:8): needs tls_key_file too")]
    [InlineData("tls_cert_file = \"/nonexistent/tls.crt\"\ntls_key_file = \"{key}\"", "tls_cert_file (from lanyard.toml:8): cannot load '/nonexistent/tls.crt'")]
    [InlineData("tls_cert_file = \"{cert}\"\ntls_key_file = \"{key}\"\ntls_min_version = \"TLS1.1\"", "tls_min_version (from lanyard.toml:10): 'TLS1.1' is not TLS1.2 or TLS1.3")]
    [InlineData("tls_cert_file = \"{cert}\"\ntls_key_file = \"{key}\"\ntls_cipher_suites = [\"RC4-MD5\"]", "tls_cipher_suites (from lanyard.toml:10): 'RC4-MD5' is not a TLS cipher suite name")]
    [InlineData("metrics_secure_address = \"127.0.0.1:9443\"", "metrics_secure_address (from lanyard.toml:8): needs metrics_tls_cert_file")]
    public async Task BrokenTlsOptions_AreRefusedAtStartup_NamingTheOption(string tls, string expected)
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-tls-").FullName;
        var (certFile, keyFile) = (Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"));
        WritePem(certFile, keyFile, "lanyard.test");
        var config = TemporaryDirectory.WriteFile("lanyard.toml", Provider + "\n" + tls.Replace("{cert}", certFile, StringComparison.Ordinal).Replace("{key}", keyFile, StringComparison.Ordinal));
        await using var serve = TestProcess.Lanyard("serve", "--config", config);

        Assert.Equal(1, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(expected, serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Output, StringComparison.Ordinal);
    }

    private static async Task<string?> ServedThumbprintAsync(int port, SslProtocols protocols = SslProtocols.None)
    {
        string? thumbprint = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    // The test's own self-signed certificates: trusted by being the one just written.
                    thumbprint = certificate?.GetCertHashString(HashAlgorithmName.SHA256);
                    return thumbprint is not null;
                },
            },
        };
        using var client = new HttpClient(handler);
        using var response = await client.GetAsync($"https://127.0.0.1:{port}/ping", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return thumbprint;
    }

    /// <summary>A self-signed certificate and its key as PEM files; returns its SHA-256 thumbprint.</summary>
    internal static string WritePem(string certFile, string keyFile, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        return certificate.GetCertHashString(HashAlgorithmName.SHA256);
    }
}
