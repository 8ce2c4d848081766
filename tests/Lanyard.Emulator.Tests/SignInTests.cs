using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class SignInTests
{
    [Fact]
    public async Task LoginHint_SignsInAtOnce_AndRedirectsWithCodeAndState()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var query = EmulatorHarness.RedirectQuery(response, flow.RedirectUri);
        Assert.True(query["code"]!.Length >= 43);
        Assert.Equal(flow.State, query["state"]);
        Assert.True(Guid.TryParse(query["session_state"], out _));
    }

    [Fact]
    public async Task LoginHint_IsCaseInsensitive()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var code = await emulator.SignInAsync(new CodeFlow(), "ALICE@Contoso.Test");

        Assert.NotEmpty(code);
    }

    [Fact]
    public async Task WithoutAUser_ThePageListsTheUsersWhoMaySignInHere()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.AuthorizeAsync(new CodeFlow(), loginHint: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var html = await EmulatorHarness.ReadTextAsync(response);
        Assert.Contains(DemoDirectory.AliceDisplayName, html, StringComparison.Ordinal);
        Assert.Contains("value=\"alice@contoso.test\"", html, StringComparison.Ordinal);
        Assert.Contains(DemoDirectory.BobDisplayName, html, StringComparison.Ordinal);
        // Fabrikam's Carol is not offered in Contoso; her guest account in Contoso is (shown with her home address).
        Assert.DoesNotContain($"value=\"{DemoDirectory.CarolUserPrincipalName}\"", html, StringComparison.Ordinal);
        Assert.Contains(DemoDirectory.CarolGuestDisplayName, html, StringComparison.Ordinal);
        Assert.Contains("method=\"post\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThroughCommon_ThePageListsUsersOfEveryTenant()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.AuthorizeAsync(new CodeFlow { Tenant = "common" }, loginHint: null);

        var html = await EmulatorHarness.ReadTextAsync(response);
        Assert.Contains(DemoDirectory.AliceUserPrincipalName, html, StringComparison.Ordinal);
        Assert.Contains(DemoDirectory.CarolUserPrincipalName, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_HtmlEncodesTheParametersItCarries()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { State = "\"><script>alert(1)</script>" };

        using var response = await emulator.AuthorizeAsync(flow, loginHint: null);

        var html = await EmulatorHarness.ReadTextAsync(response);
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&quot;&gt;&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostingTheChosenUser_SignsThatUserIn_WithTheOriginalParameters()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var form = flow.AuthorizeParameters(loginHint: null);
        form["username"] = DemoDirectory.BobUserPrincipalName;

        using var response = await emulator.PostFormAsync($"/{flow.Tenant}/oauth2/v2.0/authorize", form);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = EmulatorHarness.RedirectQuery(response, flow.RedirectUri);
        Assert.Equal(flow.State, query["state"]);
        using var redeemed = await emulator.RedeemAsync(flow, query["code"]!);
        var idToken = Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(redeemed)).GetProperty("id_token").GetString()!);
        Assert.Equal(DemoDirectory.BobObjectId, idToken.Claim("oid"));
        Assert.Equal(flow.Nonce, idToken.Claim("nonce"));
    }

    [Fact]
    public async Task UnknownLoginHint_ShowsThePageWithANote()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.AuthorizeAsync(new CodeFlow(), "mallory@contoso.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await EmulatorHarness.ReadTextAsync(response);
        Assert.Contains("There is no account", html, StringComparison.Ordinal);
        Assert.Contains("mallory@contoso.test", html, StringComparison.Ordinal);
        Assert.Contains(DemoDirectory.AliceUserPrincipalName, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Common_AdmitsUsersOfEveryTenant_AndIssuesForTheirHomeTenant()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { Tenant = "common" };

        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.CarolUserPrincipalName);

        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(DemoDirectory.FabrikamTenantId, idToken.Claim("tid"));
        Assert.Equal($"{EmulatorHarness.Authority}/{DemoDirectory.FabrikamTenantId}/v2.0", idToken.Claim("iss"));
    }
}
