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
