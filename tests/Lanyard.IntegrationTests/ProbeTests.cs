using System.Net;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

public sealed class ProbeTests
{
    [Fact]
    public async Task Ping_IsAlwaysOk()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["oidc_issuer_url"] = "https://unreachable.test/tenant/v2.0");
        using var api = env.ApiClient();

        using var response = await api.GetAsync("/ping", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ready_OnceTheProvidersMetadataIsLoaded()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var api = env.ApiClient();

        Assert.Equal(HttpStatusCode.OK, await PollReadyAsync(api, HttpStatusCode.OK));
    }

    [Fact]
    public async Task NotReady_WhileTheProviderCannotBeReached_AndSignInSaysWhy()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["oidc_issuer_url"] = "https://unreachable.test/tenant/v2.0");
        using var api = env.ApiClient();
        using var browser = env.Browser();

        using var ready = await api.GetAsync("/ready", TestContext.Current.CancellationToken);
        var start = await browser.GetAsync("/oauth2/start", followRedirects: false);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, start.StatusCode);
        Assert.Contains("Identity provider unavailable", start.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotReady_WhenTheDiscoveredIssuerIsNotTheConfiguredOne()
    {
        // The emulator serves this document, but its issuer is the GUID form, not the domain the user configured.
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["oidc_issuer_url"] = "https://login.emulator.test/contoso.test/v2.0");
        using var api = env.ApiClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await PollReadyAsync(api, HttpStatusCode.OK, TimeSpan.FromSeconds(1)));
    }

    private static async Task<HttpStatusCode> PollReadyAsync(HttpClient api, HttpStatusCode wanted, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            using var response = await api.GetAsync("/ready", TestContext.Current.CancellationToken);
            if (response.StatusCode == wanted || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
