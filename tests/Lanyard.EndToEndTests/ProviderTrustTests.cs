using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>
/// Issue 10: <c>provider_ca_files</c> and <c>use_system_trust_store</c> against a real TLS connection: the emulator
/// serves https with a certificate from a private CA, and Lanyard loads the provider's metadata (discovery and
/// keys) only when it trusts that CA.
/// </summary>
public sealed class ProviderTrustTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A private CA, and a certificate for 127.0.0.1 it issued: the files, in a fresh directory.</summary>
    private static (TemporaryDirectory Files, string Ca, string OtherCa, string Certificate, string Key) WritePki()
    {
        var files = new TemporaryDirectory();
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Lanyard Test Root", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(ca, now.AddDays(-1), now.AddDays(29), [1, 2, 3, 4]);

        using var otherKey = RSA.Create(2048);
        var otherRequest = new CertificateRequest("CN=Someone Else's Root", otherKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        otherRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var other = otherRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        return (files, files.Write("ca.pem", ca.ExportCertificatePem()), files.Write("other-ca.pem", other.ExportCertificatePem()),
            files.Write("tls.crt", leaf.ExportCertificatePem()), files.Write("tls.key", leafKey.ExportPkcs8PrivateKeyPem()));
    }

    private static async Task<HttpStatusCode> ReadyAfterStartAsync(string trustToml)
    {
        var (files, ca, otherCa, certificate, key) = WritePki();
        using var _ = files;
        var emulatorPort = FreePort.Next();
        var proxyPort = FreePort.Next();
        await using var emulator = TestProcess.Lanyard("emulator", "--http-address", $"127.0.0.1:{emulatorPort}", "--tls-cert-file", certificate, "--tls-key-file", key);
        await emulator.WaitForOutputAsync("Entra ID emulator on https://");
        var config = TemporaryDirectory.WriteFile("lanyard.toml", $"""
            provider = "entra-id"
            oidc_issuer_url = "https://127.0.0.1:{emulatorPort}/{DemoDirectory.ContosoTenantId}/v2.0"
            client_id = "{DemoDirectory.DevClientId}"
            client_secret = "{DemoDirectory.DevClientSecret}"
            cookie_secret = "kPZ7Qp3w0b8mY1sV5xT9rN2uA6eC4dF0"
            email_domains = ["*"]
            upstreams = ["static://200"]
            http_address = "127.0.0.1:{proxyPort}"
            {trustToml.Replace("{ca}", ca, StringComparison.Ordinal).Replace("{other}", otherCa, StringComparison.Ordinal)}
            """);
        await using var serve = TestProcess.Lanyard("serve", "--config", config);
        await serve.WaitForOutputAsync("Identity provider metadata", TimeSpan.FromSeconds(30));

        using var client = new HttpClient();
        using var ready = await client.GetAsync($"http://127.0.0.1:{proxyPort}/ready", Cancel);
        return ready.StatusCode;
    }

    [Fact]
    public async Task WithTheProvidersCa_TheMetadataLoadsOverTls()
    {
        Assert.Equal(HttpStatusCode.OK, await ReadyAfterStartAsync("provider_ca_files = [\"{ca}\"]"));
    }

    [Fact]
    public async Task WithTheCaAndTheSystemStore_TheMetadataLoadsToo()
    {
        Assert.Equal(HttpStatusCode.OK, await ReadyAfterStartAsync("provider_ca_files = [\"{other}\", \"{ca}\"]\nuse_system_trust_store = true"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("provider_ca_files = [\"{other}\"]")]
    [InlineData("provider_ca_files = [\"{other}\"]\nuse_system_trust_store = true")]
    public async Task WithoutTheProvidersCa_NothingIsTrusted(string trust)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadyAfterStartAsync(trust));
    }
}
