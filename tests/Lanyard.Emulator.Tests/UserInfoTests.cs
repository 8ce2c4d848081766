using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>The UserInfo endpoint discovery advertises, as Entra's on Graph (entra-protocol.md §1.7).</summary>
public sealed class UserInfoTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task GraphToken_GetsTheUsersProfile_WithTheIdTokensSub_AndNothingElse(string method)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = "openid profile email User.Read" }, DemoDirectory.AliceUserPrincipalName);
        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);

        using var response = await emulator.GraphAsync("/oidc/userinfo", tokens.GetProperty("access_token").GetString(), new HttpMethod(method));
        var info = await EmulatorHarness.ReadSuccessAsync(response);

        Assert.Equal(["sub", "name", "picture", "email"], info.EnumerateObject().Select(p => p.Name));
        Assert.Equal(idToken.Payload.GetProperty("sub").GetString(), info.GetProperty("sub").GetString());
        Assert.Equal(DemoDirectory.AliceDisplayName, info.GetProperty("name").GetString());
        Assert.Equal("http://localhost/v1.0/me/photo/$value", info.GetProperty("picture").GetString());
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, info.GetProperty("email").GetString());
    }

    [Fact]
    public async Task WithoutTheEmailScope_NoEmail()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName, scope: "openid profile User.Read");

        using var response = await emulator.GraphAsync("/oidc/userinfo", token);
        var info = await EmulatorHarness.ReadSuccessAsync(response);

        Assert.Equal(["sub", "name", "picture"], info.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task NoToken_IsGraphs401()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.GraphAsync("/oidc/userinfo", accessToken: null);
        await GraphErrorShape.AssertAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherAudiencesToken_IsRefused()
    {
        // The ID token is no Graph access token.
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.GraphAsync("/oidc/userinfo", tokens.GetProperty("id_token").GetString());
        await GraphErrorShape.AssertAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
    }

    [Fact]
    public async Task AppOnlyToken_NamesNoUser_AndIsRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var tokenResponse = await emulator.PostFormAsync($"/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoDirectory.DemoApiClientId,
            ["client_secret"] = DemoDirectory.DemoApiClientSecret,
            ["scope"] = "https://graph.microsoft.com/.default",
        });
        var token = (await EmulatorHarness.ReadSuccessAsync(tokenResponse)).GetProperty("access_token").GetString();

        using var response = await emulator.GraphAsync("/oidc/userinfo", token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
