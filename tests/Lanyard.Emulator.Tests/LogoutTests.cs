using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class LogoutTests
{
    [Fact]
    public async Task RegisteredPostLogoutRedirectUri_IsFollowed_WithTheState()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync(
            "/common/oauth2/v2.0/logout?post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A4180%2Foauth2%2Fcallback&state=bye");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("http://127.0.0.1:4180/oauth2/callback?state=bye", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task UnregisteredPostLogoutRedirectUri_IsNotFollowed()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync("/contoso.test/oauth2/v2.0/logout?post_logout_redirect_uri=https%3A%2F%2Fattacker.test%2F");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("You signed out", await EmulatorHarness.ReadTextAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogoutWithoutARedirect_ShowsTheSignedOutPage()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync($"/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/logout");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You signed out", await EmulatorHarness.ReadTextAsync(response), StringComparison.Ordinal);
    }
}
