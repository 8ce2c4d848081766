using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class IndexPageTests
{
    [Fact]
    public async Task Index_ListsTenantsUsersTheDevAppAndWellKnownUrls()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await EmulatorHarness.ReadTextAsync(response);
        Assert.Contains(DemoDirectory.ContosoDomain, html, StringComparison.Ordinal);
        Assert.Contains(DemoDirectory.ContosoTenantId, html, StringComparison.Ordinal);
        Assert.Contains(DemoDirectory.AliceUserPrincipalName, html, StringComparison.Ordinal);
        Assert.Contains(DemoDirectory.BobUserPrincipalName, html, StringComparison.Ordinal);
        Assert.Contains(DemoDirectory.DevClientId, html, StringComparison.Ordinal);
        Assert.Contains(DemoDirectory.DevClientSecret, html, StringComparison.Ordinal);
        Assert.Contains($"{EmulatorHarness.Authority}/{DemoDirectory.ContosoTenantId}/v2.0/.well-known/openid-configuration", html, StringComparison.Ordinal);
        Assert.Contains($"{EmulatorHarness.Authority}/common/v2.0/.well-known/openid-configuration", html, StringComparison.Ordinal);
        Assert.Contains($"{EmulatorHarness.Authority}/consumers/v2.0/.well-known/openid-configuration", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_DocumentsGraphImdsTheHostedIssuerAndTheOperatorApi()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync("/");

        var html = await EmulatorHarness.ReadTextAsync(response);
        Assert.Contains("/v1.0/me/transitiveMemberOf/microsoft.graph.group", html, StringComparison.Ordinal);
        Assert.Contains("/metadata/identity/oauth2/token", html, StringComparison.Ordinal);
        Assert.Contains("/federation/kubernetes/token", html, StringComparison.Ordinal);
        Assert.Contains("/_emulator/keys/rotate", html, StringComparison.Ordinal);
        Assert.Contains("/_emulator/faults", html, StringComparison.Ordinal);
        Assert.Contains("/_emulator/stats", html, StringComparison.Ordinal);
        Assert.Contains($"{EmulatorHarness.Authority}/federation/kubernetes", html, StringComparison.Ordinal);
        Assert.Contains("250 groups: team-001", html, StringComparison.Ordinal);
        Assert.DoesNotContain("team-250", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorUri_LeadsToAPage()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync("/error?code=54005");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("AADSTS54005", await EmulatorHarness.ReadTextAsync(response), StringComparison.Ordinal);
    }
}
