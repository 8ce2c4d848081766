using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>Errors Entra shows on its own page because the client or redirect URI is not trusted (entra-protocol.md §2).</summary>
public sealed class AuthorizeErrorPageTests
{
    [Fact]
    public async Task UnknownClient_ShowsAnErrorPage_AndDoesNotRedirect()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.AuthorizeAsync(new CodeFlow { ClientId = "11111111-2222-3333-4444-555555555555" }, DemoDirectory.AliceUserPrincipalName);

        await AssertErrorPageAsync(response, 700016);
    }

    [Fact]
    public async Task UnregisteredRedirectUri_ShowsAnErrorPage_AndDoesNotRedirect()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.AuthorizeAsync(new CodeFlow { RedirectUri = "https://attacker.test/oauth2/callback" }, DemoDirectory.AliceUserPrincipalName);

        await AssertErrorPageAsync(response, 50011);
    }

    [Fact]
    public async Task UnknownTenant_ShowsAnErrorPage()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.AuthorizeAsync(new CodeFlow { Tenant = "nowhere.test" }, DemoDirectory.AliceUserPrincipalName);

        await AssertErrorPageAsync(response, 90002);
    }

    [Fact]
    public async Task SingleTenantAppFromAnotherTenant_IsNotFound()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var app = emulator.Directory.AddApplication(SingleTenantApp());
        var flow = new CodeFlow { ClientId = app.ClientId, Tenant = DemoDirectory.FabrikamDomain, RedirectUri = "https://proxy.test/oauth2/callback" };

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.CarolUserPrincipalName);

        await AssertErrorPageAsync(response, 700016);
    }

    [Fact]
    public async Task SingleTenantAppThroughCommon_ShowsAnErrorPage()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var app = emulator.Directory.AddApplication(SingleTenantApp());
        var flow = new CodeFlow { ClientId = app.ClientId, Tenant = "common", RedirectUri = "https://proxy.test/oauth2/callback" };

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName);

        await AssertErrorPageAsync(response, 50194);
    }

    [Fact]
    public async Task UserOfAnotherTenant_IsRefusedOnAnErrorPage()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.AuthorizeAsync(new CodeFlow(), DemoDirectory.CarolUserPrincipalName);

        await AssertErrorPageAsync(response, 50020);
    }

    [Fact]
    public async Task ErrorPage_HtmlEncodesWhatTheRequestSent()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.AuthorizeAsync(new CodeFlow { RedirectUri = "https://x.test/\"><script>alert(1)</script>" }, null);

        var html = await AssertErrorPageAsync(response, 50011);
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    private static EmulatorApplication SingleTenantApp() => new()
    {
        ClientId = Guid.NewGuid().ToString(),
        DisplayName = "single tenant",
        HomeTenantId = DemoDirectory.ContosoTenantId,
        RedirectUris = ["https://proxy.test/oauth2/callback"],
        ClientSecrets = ["single-secret"],
    };

    private static async Task<string> AssertErrorPageAsync(HttpResponseMessage response, int code)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var html = await EmulatorHarness.ReadTextAsync(response);
        Assert.Contains("having trouble signing you in", html, StringComparison.Ordinal);
        Assert.Contains($"AADSTS{code}:", html, StringComparison.Ordinal);
        return html;
    }
}
