using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Lanyard.Emulator.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Tests;

/// <summary>The emulator on real sockets, http and https at once (issue 13); each request's issuer follows its scheme.</summary>
public sealed class HttpsListenerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"lanyard-https-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HttpAndHttpsListeners_ServeTogether_EachWithIssuersOfItsOwnScheme()
    {
        var tls = EmulatorTlsCertificate.LoadOrCreate(_directory, TimeProvider.System);
        using var certificate = tls.Certificate;
        await using var app = EntraEmulatorHost.Create(
            new EntraEmulatorOptions(), ["http://127.0.0.1:0", "https://127.0.0.1:0"], certificate, b => b.Logging.ClearProviders());
        await app.StartAsync(Ct);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var http = addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal));
        var https = addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal));
        using var client = TrustingOnly(X509CertificateLoader.LoadCertificateFromFile(tls.CertificatePath));

        var overHttp = await DiscoveryAsync(client, http);
        var overHttps = await DiscoveryAsync(client, https);

        Assert.Equal($"{http}/{DemoDirectory.ContosoTenantId}/v2.0", overHttp.GetProperty("issuer").GetString());
        Assert.Equal($"{https}/{DemoDirectory.ContosoTenantId}/v2.0", overHttps.GetProperty("issuer").GetString());
        Assert.Equal($"{https}/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", overHttps.GetProperty("token_endpoint").GetString());
        await app.StopAsync(Ct);
    }

    [Fact]
    public async Task HttpsListener_RefusesAClientThatDoesNotTrustTheCertificate()
    {
        var tls = EmulatorTlsCertificate.LoadOrCreate(_directory, TimeProvider.System);
        using var certificate = tls.Certificate;
        await using var app = EntraEmulatorHost.Create(new EntraEmulatorOptions(), ["https://127.0.0.1:0"], certificate, b => b.Logging.ClearProviders());
        await app.StartAsync(Ct);
        var https = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var otherRoot = X509CertificateLoader.LoadCertificate(
            EmulatorTlsCertificate.LoadOrCreate(Path.Combine(_directory, "other"), TimeProvider.System).Certificate.RawData);
        using var client = TrustingOnly(otherRoot);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"{https}/", Ct));
        await app.StopAsync(Ct);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<JsonElement> DiscoveryAsync(HttpClient client, string baseUrl)
    {
        using var response = await client.GetAsync($"{baseUrl}/{DemoDirectory.ContosoTenantId}/v2.0/.well-known/openid-configuration", Ct);
        return await Harness.EmulatorHarness.ReadSuccessAsync(response);
    }

    // Trusts the one certificate and nothing else: the chain must end in it, and the name must match.
    private static HttpClient TrustingOnly(X509Certificate2 root)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
        {
            if (presented is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(presented));
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }
}
