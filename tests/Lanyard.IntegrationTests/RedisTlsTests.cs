using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// rediss:// to a real redis-server that speaks only TLS, with a certificate from a private CA: trusted through
/// redis_ca_path, refused (503, not ready) without it, accepted blindly only when redis_insecure_skip_tls_verify
/// says so.
/// </summary>
public sealed class RedisTlsTests : IAsyncLifetime
{
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("lanyard-redis-tls-");
    private RedisServerProcess _redis = null!;
    private string _caFile = null!;

    public async ValueTask InitializeAsync()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Lanyard test Redis CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        _caFile = Path.Combine(_files.FullName, "ca.pem");
        var certificateFile = Path.Combine(_files.FullName, "redis.pem");
        var keyFile = Path.Combine(_files.FullName, "redis.key");
        await File.WriteAllTextAsync(_caFile, ca.ExportCertificatePem());
        await File.WriteAllTextAsync(certificateFile, server.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, serverKey.ExportPkcs8PrivateKeyPem());
        _redis = await RedisServerProcess.StartWithTlsAsync(certificateFile, keyFile);
    }

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        _files.Delete(recursive: true);
    }

    private Task<LanyardTestEnvironment> StartAsync(Action<Dictionary<string, object>> tls) => LanyardTestEnvironment.StartAsync(s =>
    {
        s["session_store_type"] = "redis";
        s["redis_connection_url"] = $"rediss://127.0.0.1:{_redis.Port}";
        tls(s);
    });

    [Fact]
    public async Task PrivateCaInRedisCaPath_IsTrusted()
    {
        await using var env = await StartAsync(s => s["redis_ca_path"] = _caFile);
        using var browser = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
    }

    [Fact]
    public async Task CaBundle_TrustsAServerSignedByItsSecondCertificate()
    {
        // During a CA rotation the file holds the new CA and the old one; the server may be signed by either.
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = new CertificateRequest("CN=Another CA", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var bundle = Path.Combine(_files.FullName, "bundle.pem");
        await File.WriteAllTextAsync(bundle, other.ExportCertificatePem() + "\n" + await File.ReadAllTextAsync(_caFile, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        await using var env = await StartAsync(s => s["redis_ca_path"] = bundle);
        using var browser = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
    }

    [Fact]
    public async Task UntrustedCertificate_IsRefused_NotReadyAnd503()
    {
        await using var env = await StartAsync(_ => { });
        using var api = env.ApiClient();
        using var browser = env.Browser();

        using var ready = await api.GetAsync("/ready", TestContext.Current.CancellationToken);
        var signIn = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
    }

    [Fact]
    public async Task SkipTlsVerify_AcceptsTheCertificateUnchecked()
    {
        await using var env = await StartAsync(s => s["redis_insecure_skip_tls_verify"] = true);
        using var browser = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
    }
}
