using System.Net;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>
/// On-behalf-of (entra-protocol.md §3.2): the demo API, given Alice's access token, exchanges it for tokens to Graph
/// and to other APIs, as Alice; assertions that are not Alice's delegated token for the demo API are refused.
/// </summary>
public sealed class OnBehalfOfTests
{
    private const string Contoso = DemoDirectory.ContosoTenantId;
    private const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    [Fact]
    public async Task AlicesTokenForTheDemoApi_IsExchangedForAGraphToken_WithARefreshToken()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var assertion = await emulator.AliceTokenForDemoApiAsync();

        using var response = await emulator.OnBehalfOfAsync(assertion, "https://graph.microsoft.com/User.Read offline_access");

        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal(
            ["token_type", "scope", "expires_in", "ext_expires_in", "access_token", "refresh_token"],
            tokens.EnumerateObject().Select(p => p.Name));
        var graph = await VerifiedAsync(emulator, tokens);
        Assert.Equal(GraphAppId, graph.Claim("aud"));
        Assert.Equal(DemoDirectory.AliceObjectId, graph.Claim("oid"));
        Assert.Equal(Contoso, graph.Claim("tid"));
        Assert.Equal("User.Read", graph.Claim("scp"));
        Assert.Equal(DemoDirectory.DemoApiClientId, graph.Claim("appid"));

        // The token works at Graph, as Alice.
        using var me = await emulator.GraphAsync("/v1.0/me", graph.Raw);
        Assert.Equal(DemoDirectory.AliceObjectId, (await EmulatorHarness.ReadSuccessAsync(me)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task TheRefreshTokenOfAnExchange_BelongsToTheMiddleTier()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var exchanged = await emulator.OnBehalfOfAsync(await emulator.AliceTokenForDemoApiAsync(), "User.Read offline_access");
        var refreshToken = (await EmulatorHarness.ReadSuccessAsync(exchanged)).GetProperty("refresh_token").GetString()!;
        var demoApi = new CodeFlow { ClientId = DemoDirectory.DemoApiClientId, ClientSecret = DemoDirectory.DemoApiClientSecret };

        using var refreshed = await emulator.RefreshAsync(demoApi, refreshToken);

        var token = Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(refreshed)).GetProperty("access_token").GetString()!);
        Assert.Equal(DemoDirectory.AliceObjectId, token.Claim("oid"));
        Assert.Equal(DemoDirectory.DemoApiClientId, token.Claim("appid"));
    }

    [Fact]
    public async Task WithoutOfflineAccess_ThereIsNoRefreshToken()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.OnBehalfOfAsync(await emulator.AliceTokenForDemoApiAsync(), "openid User.Read");

        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.False(tokens.TryGetProperty("refresh_token", out _));
        Assert.False(tokens.TryGetProperty("id_token", out _));
    }

    [Fact]
    public async Task AlicesTokenForTheDemoApi_IsExchangedForAV2ApiToken()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.OnBehalfOfAsync(await emulator.AliceTokenForDemoApiAsync(), DemoDirectory.DevApiScope);

        var api = await VerifiedAsync(emulator, await EmulatorHarness.ReadSuccessAsync(response));
        Assert.Equal(DemoDirectory.DevClientId, api.Claim("aud"));
        Assert.Equal("2.0", api.Claim("ver"));
        Assert.Equal(DemoDirectory.DemoApiClientId, api.Claim("azp"));
        Assert.Equal("1", api.Claim("azpacr"));
        Assert.Equal(DemoDirectory.AliceObjectId, api.Claim("oid"));
        Assert.Equal(Contoso, api.Claim("tid"));
        Assert.Equal(DemoDirectory.AccessAsUserScope, api.Claim("scp"));
        Assert.Equal([DemoDirectory.AdminRole], api.ClaimArray("roles"));
    }

    [Fact]
    public async Task AlicesTokenForTheDemoApi_IsExchangedForTheKubernetesServersToken()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.OnBehalfOfAsync(await emulator.AliceTokenForDemoApiAsync(), $"{DemoDirectory.KubeServerClientId}/.default");

        var api = await VerifiedAsync(emulator, await EmulatorHarness.ReadSuccessAsync(response));
        Assert.Equal(DemoDirectory.KubeServerClientId, api.Claim("aud"));
        Assert.Equal("1.0", api.Claim("ver"));
        Assert.Equal(DemoDirectory.DemoApiClientId, api.Claim("appid"));
        Assert.Equal(DemoDirectory.AliceObjectId, api.Claim("oid"));
        Assert.Equal(Contoso, api.Claim("tid"));
        Assert.Equal("user_impersonation", api.Claim("scp"));
    }

    [Fact]
    public async Task AssertionForAnotherAudience_IsAADSTS50013()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        // Alice's Graph token was issued to the dev app for Graph, not for the demo API.
        var graphToken = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);
        using var response = await emulator.OnBehalfOfAsync(graphToken, "User.Read");

        var body = await EmulatorHarness.ReadJsonAsync(response);
        EntraErrorShape.AssertJson(body, "invalid_grant", 50013);
        Assert.Contains($"The audience in the assertion was '{GraphAppId}'", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppOnlyAssertion_IsRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var appOnly = await emulator.PostFormAsync($"/{Contoso}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoDirectory.DevClientId,
            ["client_secret"] = DemoDirectory.DevClientSecret,
            ["scope"] = $"{DemoDirectory.DemoApiIdentifierUri}/.default",
        });
        var appToken = (await EmulatorHarness.ReadSuccessAsync(appOnly)).GetProperty("access_token").GetString()!;

        using var response = await emulator.OnBehalfOfAsync(appToken, "User.Read");

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 70000);
    }

    [Fact]
    public async Task ExpiredAssertion_IsAADSTS500133()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var assertion = await emulator.AliceTokenForDemoApiAsync();
        emulator.Time.Advance(TimeSpan.FromHours(2));

        using var response = await emulator.OnBehalfOfAsync(assertion, "User.Read");

        var body = await EmulatorHarness.ReadJsonAsync(response);
        EntraErrorShape.AssertJson(body, "invalid_grant", 500133);
        Assert.Contains("expiry time of assertion", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssertionWithABadSignature_IsAADSTS50013()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var assertion = await emulator.AliceTokenForDemoApiAsync();
        var signatureStart = assertion.LastIndexOf('.') + 1;
        var tampered = assertion[..signatureStart] + (assertion[signatureStart] == 'A' ? 'B' : 'A') + assertion[(signatureStart + 1)..];

        using var response = await emulator.OnBehalfOfAsync(tampered, "User.Read");

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 50013);
    }

    [Fact]
    public async Task AssertionThatIsNoJwt_IsAADSTS50027()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.OnBehalfOfAsync("not-a-jwt", "User.Read");

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 50027);
    }

    [Fact]
    public async Task PublicClient_CannotActOnBehalfOfAUser()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var assertion = await emulator.AliceTokenForDemoApiAsync();

        using var response = await emulator.OnBehalfOfAsync(assertion, "User.Read", f =>
        {
            f["client_id"] = DemoDirectory.KubectlClientId;
            f.Remove("client_secret");
        });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_client", 7000218);
    }

    [Fact]
    public async Task ScopeTheDownstreamApiDoesNotExpose_NeedsConsent()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.OnBehalfOfAsync(await emulator.AliceTokenForDemoApiAsync(), $"{DemoDirectory.KubeServerIdentifierUri}/access_as_user");

        var body = await EmulatorHarness.ReadJsonAsync(response);
        EntraErrorShape.AssertJson(body, "invalid_grant", 65001);
        Assert.Equal("consent_required", body.GetProperty("suberror").GetString());
        Assert.Contains($"'{DemoDirectory.DemoApiClientId}'", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("requested_token_use", 900144)]
    [InlineData("assertion", 900144)]
    [InlineData("scope", 900144)]
    public async Task MissingParameter_IsNamed(string parameter, int code)
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.OnBehalfOfAsync(await emulator.AliceTokenForDemoApiAsync(), "User.Read", f => f.Remove(parameter));

        var body = await EmulatorHarness.ReadJsonAsync(response);
        EntraErrorShape.AssertJson(body, "invalid_request", code);
        Assert.Contains($"'{parameter}'", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownScope_IsAADSTS70011()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.OnBehalfOfAsync(await emulator.AliceTokenForDemoApiAsync(), "urn:nothing");

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_scope", 70011);
    }

    // What a SPA or the dev app would send the demo API: a v1.0 token, aud = the demo API's identifier URI.

    private static async Task<Jwt> VerifiedAsync(EmulatorHarness emulator, JsonElement tokens)
    {
        var token = Jwt.Parse(tokens.GetProperty("access_token").GetString()!);
        var jwk = (await emulator.JwksAsync()).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == token.KeyId);
        Assert.True(token.VerifiesWith(jwk));
        return token;
    }
}
