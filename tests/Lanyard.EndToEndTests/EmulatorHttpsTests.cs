using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>
/// Issue 13: <c>lanyard emulator --https-address</c> serves TLS with a certificate it makes on first run under the
/// user's data directory, and <c>trust-cert --print</c> hands out exactly that certificate, which is all a client
/// needs to trust.
/// </summary>
public sealed class EmulatorHttpsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HttpsEmulator_IsTrustedThroughTheCertificateTrustCertPrints()
    {
        using var home = new TemporaryDirectory("lanyard-e2e-home-");
        var environment = Environment(home);
        var port = FreePort.Next();
        await using var emulator = TestProcess.LanyardWith(environment, "emulator", "--https-address", $"127.0.0.1:{port}");
        await emulator.WaitForOutputAsync("Entra ID emulator on https://127.0.0.1:");

        var pem = await TrustCertAsync(environment, "--print");
        using var trusted = X509Certificate2.CreateFromPem(pem);
        using var client = TrustingOnly(trusted);
        using var response = await client.GetAsync($"https://127.0.0.1:{port}/{DemoDirectory.ContosoTenantId}/v2.0/.well-known/openid-configuration", Cancel);

        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal($"https://127.0.0.1:{port}/{DemoDirectory.ContosoTenantId}/v2.0", JsonDocument.Parse(body).RootElement.GetProperty("issuer").GetString());

        // Kept where the brief says, the key for its owner only; and trust-cert without --print says where and how.
        var certificatePath = Path.Combine(home.Path, "data", "lanyard", "emulator", "emulator-cert.pem");
        Assert.Equal(pem.Trim(), (await File.ReadAllTextAsync(certificatePath, Cancel)).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home.Path, "data", "lanyard", "emulator", "emulator-key.pem")));
        }

        var described = await TrustCertAsync(environment);
        Assert.StartsWith(certificatePath + "\n", described, StringComparison.Ordinal);
        Assert.Contains("SSL_CERT_FILE=", described, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpAndHttps_ServeTogether_AndALaterRunReusesTheCertificate()
    {
        using var home = new TemporaryDirectory("lanyard-e2e-home-");
        var environment = Environment(home);
        var firstPem = await TrustCertAsync(environment, "--print");
        var (httpPort, httpsPort) = (FreePort.Next(), FreePort.Next());
        await using var emulator = TestProcess.LanyardWith(
            environment, "emulator", "--http-address", $"127.0.0.1:{httpPort}", "--https-address", $"127.0.0.1:{httpsPort}");
        await emulator.WaitForOutputAsync("Entra ID emulator also on http://");
        using var trusted = X509Certificate2.CreateFromPem(firstPem);
        using var client = TrustingOnly(trusted);

        var overHttps = await IssuerAsync(client, $"https://127.0.0.1:{httpsPort}");
        var overHttp = await IssuerAsync(client, $"http://127.0.0.1:{httpPort}");

        Assert.Equal($"https://127.0.0.1:{httpsPort}/{{tenantid}}/v2.0", overHttps);
        Assert.Equal($"http://127.0.0.1:{httpPort}/{{tenantid}}/v2.0", overHttp);
        Assert.Contains("(reused,", emulator.Output, StringComparison.Ordinal);
        Assert.Equal(firstPem, await TrustCertAsync(environment, "--print"));
    }

    [Fact]
    public async Task HttpsEmulator_ServesTheCertificateGivenWithTlsCertAndKeyFiles()
    {
        using var home = new TemporaryDirectory("lanyard-e2e-home-");
        using var own = SelfSignedFor127();
        var certificateFile = home.Write("own-cert.pem", own.ExportCertificatePem());
        string keyFile;
        using (var key = own.GetECDsaPrivateKey()!)
        {
            keyFile = home.Write("own-key.pem", key.ExportPkcs8PrivateKeyPem());
        }

        var port = FreePort.Next();
        await using var emulator = TestProcess.LanyardWith(
            Environment(home), "emulator", "--https-address", $"127.0.0.1:{port}", "--tls-cert-file", certificateFile, "--tls-key-file", keyFile);
        await emulator.WaitForOutputAsync("Entra ID emulator on https://127.0.0.1:");

        X509Certificate2? served = null;
        var trust = TrustedRoots.Handler(own);
        var accepts = trust.SslOptions.RemoteCertificateValidationCallback!;
        trust.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return accepts(sender, certificate, chain, errors);
        };
        using var client = new HttpClient(trust) { Timeout = TimeSpan.FromSeconds(60) };

        Assert.Equal($"https://127.0.0.1:{port}/{{tenantid}}/v2.0", await IssuerAsync(client, $"https://127.0.0.1:{port}"));
        using (served)
        {
            Assert.NotNull(served);
            Assert.Equal(own.RawData, served.RawData);
        }

        // Its own certificate is neither announced nor made when the files are given.
        Assert.DoesNotContain("https certificate", emulator.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(home.Path, "data", "lanyard", "emulator")));
    }

    [Theory]
    [InlineData("--tls-cert-file")]
    [InlineData("--tls-key-file")]
    public async Task TlsCertFileAndKeyFile_OneWithoutTheOther_IsAOneLineError(string flag)
    {
        using var home = new TemporaryDirectory("lanyard-e2e-home-");
        var file = home.Write("one.pem", "unused");
        await using var emulator = TestProcess.LanyardWith(
            Environment(home), "emulator", "--https-address", $"127.0.0.1:{FreePort.Next()}", flag, file);

        Assert.NotEqual(0, await emulator.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        Assert.Equal("--tls-cert-file and --tls-key-file go together", emulator.Output.Trim());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TlsCertFileAndKeyFile_ThatCannotBeLoaded_AreAOneLineError_NoStackTrace(bool filesExist)
    {
        using var home = new TemporaryDirectory("lanyard-e2e-home-");
        var (certificateFile, keyFile) = filesExist
            ? (home.Write("cert.pem", "not a certificate\n"), home.Write("key.pem", "not a key\n"))
            : (Path.Combine(home.Path, "missing-cert.pem"), Path.Combine(home.Path, "missing-key.pem"));
        await using var emulator = TestProcess.LanyardWith(
            Environment(home), "emulator", "--https-address", $"127.0.0.1:{FreePort.Next()}", "--tls-cert-file", certificateFile, "--tls-key-file", keyFile);

        Assert.NotEqual(0, await emulator.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var output = emulator.Output.Trim();
        Assert.Equal($"--tls-cert-file: cannot load '{certificateFile}' with the key in '{keyFile}'", output);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    // A certificate for 127.0.0.1 made by the test, as anyone bringing their own would.
    private static X509Certificate2 SelfSignedFor127()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Lanyard test own emulator certificate", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static Dictionary<string, string?> Environment(TemporaryDirectory home) => new()
    {
        ["HOME"] = home.Path,
        ["XDG_DATA_HOME"] = Path.Combine(home.Path, "data"),
    };

    private static async Task<string> TrustCertAsync(Dictionary<string, string?> environment, params string[] extra)
    {
        await using var process = TestProcess.LanyardWith(environment, ["emulator", "trust-cert", .. extra]);
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        return process.StandardOutput;
    }

    private static async Task<string?> IssuerAsync(HttpClient client, string baseUrl)
    {
        using var response = await client.GetAsync($"{baseUrl}/common/v2.0/.well-known/openid-configuration", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("issuer").GetString();
    }

    // Trusts the printed certificate and nothing else (not the machine's roots): the chain is built to it alone,
    // and the name in the URL must be one the certificate carries.
    private static HttpClient TrustingOnly(X509Certificate2 root)
    {
        var handler = TrustedRoots.Handler(root);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }
}
