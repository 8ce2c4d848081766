using System.Net;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>
/// Instance discovery (entra-protocol.md §1.6): what MSAL and Azure.Identity fetch to validate an authority, answered
/// offline in login.microsoftonline.com's shape.
/// </summary>
public sealed class InstanceDiscoveryTests
{
    private static readonly string[][] MicrosoftAliases =
    [
        ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"],
        ["login.partner.microsoftonline.cn", "login.chinacloudapi.cn"],
        ["login.microsoftonline.us", "login.usgovcloudapi.net"],
    ];

    [Fact]
    public async Task Common_AnswersWithTheTenantsMetadataUrlAndTheCloudAliases()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var doc = await DiscoverAsync(emulator, "common", $"http://localhost/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/authorize");

        Assert.Equal(
            ["tenant_discovery_endpoint", "api-version", "metadata"],
            doc.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal($"http://localhost/{DemoDirectory.ContosoTenantId}/v2.0/.well-known/openid-configuration", doc.GetProperty("tenant_discovery_endpoint").GetString());
        Assert.Equal("1.1", doc.GetProperty("api-version").GetString());
        var metadata = doc.GetProperty("metadata").EnumerateArray().ToArray();
        Assert.All(metadata, entry => Assert.Equal(["preferred_network", "preferred_cache", "aliases"], entry.EnumerateObject().Select(p => p.Name).ToArray()));
        Assert.Equal("login.microsoftonline.com", metadata[0].GetProperty("preferred_network").GetString());
        Assert.Equal("login.windows.net", metadata[0].GetProperty("preferred_cache").GetString());
        Assert.Equal(MicrosoftAliases, metadata.Take(3).Select(Aliases).ToArray());
    }

    [Fact]
    public async Task TheEmulatorsOwnHost_IsACloudOfItsOwn_SoMsalFindsItsAliases()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var doc = await DiscoverAsync(emulator, "common", "https://127.0.0.1:4443/common/oauth2/v2.0/authorize");

        var own = doc.GetProperty("metadata").EnumerateArray().Last();
        Assert.Equal("127.0.0.1:4443", own.GetProperty("preferred_network").GetString());
        Assert.Equal("127.0.0.1:4443", own.GetProperty("preferred_cache").GetString());
        Assert.Equal(["127.0.0.1:4443"], Aliases(own));
    }

    [Fact]
    public async Task UnderAnyTenant_AndForADomain_TheNamedTenantIsKept()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var doc = await DiscoverAsync(emulator, DemoDirectory.ContosoTenantId, "http://localhost/contoso.test/oauth2/v2.0/authorize");

        Assert.Equal("http://localhost/contoso.test/v2.0/.well-known/openid-configuration", doc.GetProperty("tenant_discovery_endpoint").GetString());
    }

    [Fact]
    public async Task WithTheIssuerHost_TheAuthorityIsEntrasOwnCloud()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { IssuerHost = "login.microsoftonline.com" });

        var doc = await DiscoverAsync(emulator, "common", "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize");

        Assert.Equal("http://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration", doc.GetProperty("tenant_discovery_endpoint").GetString());
        Assert.Equal(MicrosoftAliases, doc.GetProperty("metadata").EnumerateArray().Select(Aliases).ToArray());
    }

    [Fact]
    public async Task WithoutAnAuthorizationEndpoint_TheRoutesTenantIsUsed()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync("/organizations/discovery/instance?api-version=1.1");

        var doc = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal("http://localhost/organizations/v2.0/.well-known/openid-configuration", doc.GetProperty("tenant_discovery_endpoint").GetString());
        Assert.Equal("max-age=86400, private", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("https://localhost/")]
    [InlineData("ftp://localhost/common/oauth2/v2.0/authorize")]
    public async Task AnAuthorizationEndpointThatNamesNoAuthority_IsInvalidInstance(string endpoint)
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync($"/common/discovery/instance?api-version=1.1&authorization_endpoint={Uri.EscapeDataString(endpoint)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_instance", 50049);
    }

    private static async Task<JsonElement> DiscoverAsync(EmulatorHarness emulator, string tenant, string authorizationEndpoint)
    {
        using var response = await emulator.GetAsync(
            $"/{tenant}/discovery/instance?api-version=1.1&authorization_endpoint={Uri.EscapeDataString(authorizationEndpoint)}");
        return await EmulatorHarness.ReadSuccessAsync(response);
    }

    private static string[] Aliases(JsonElement entry) => [.. entry.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!)];
}
