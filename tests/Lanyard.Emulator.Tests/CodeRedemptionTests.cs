using System.Net;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class CodeRedemptionTests
{
    [Fact]
    public async Task FullCodeFlow_ReturnsEntrasTokenResponse()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { Scope = "openid profile email offline_access User.Read" };
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code);

        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-store, no-cache", response.Headers.CacheControl!.ToString());
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(JsonValueKind.Number, tokens.GetProperty("expires_in").ValueKind);
        Assert.Equal(JsonValueKind.Number, tokens.GetProperty("ext_expires_in").ValueKind);
        Assert.Equal(3600, tokens.GetProperty("expires_in").GetInt32());
        var scope = tokens.GetProperty("scope").GetString()!.Split(' ');
        Assert.Contains("openid", scope);
        Assert.Contains("offline_access", scope);
        Assert.Contains("User.Read", scope);
        Assert.NotEmpty(tokens.GetProperty("access_token").GetString()!);
        Assert.NotEmpty(tokens.GetProperty("refresh_token").GetString()!);
        Assert.NotEmpty(tokens.GetProperty("id_token").GetString()!);
    }

    [Fact]
    public async Task IdToken_VerifiesWithTheJwks_AndCarriesAlicesClaims()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);
        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);

        Assert.Equal("JWT", idToken.Header.GetProperty("typ").GetString());
        Assert.Equal("RS256", idToken.Header.GetProperty("alg").GetString());
        Assert.False(idToken.Header.TryGetProperty("x5t", out _), "v2 tokens carry kid only");
        var jwk = (await emulator.JwksAsync()).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == idToken.KeyId);
        Assert.True(idToken.VerifiesWith(jwk));

        Assert.Equal($"{EmulatorHarness.Authority}/{DemoDirectory.ContosoTenantId}/v2.0", idToken.Claim("iss"));
        Assert.Equal(DemoDirectory.DevClientId, idToken.Claim("aud"));
        Assert.Equal(DemoDirectory.ContosoTenantId, idToken.Claim("tid"));
        Assert.Equal(DemoDirectory.AliceObjectId, idToken.Claim("oid"));
        Assert.Equal(flow.Nonce, idToken.Claim("nonce"));
        Assert.Equal("2.0", idToken.Claim("ver"));
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, idToken.Claim("preferred_username"));
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, idToken.Claim("email"));
        Assert.Equal(DemoDirectory.AliceDisplayName, idToken.Claim("name"));
        Assert.Equal([DemoDirectory.AdminsGroupId], idToken.ClaimArray("groups"));
        Assert.Equal([DemoDirectory.AdminRole], idToken.ClaimArray("roles"));
        Assert.All(new[] { "sid", "uti", "aio", "rh" }, claim => Assert.NotEmpty(idToken.Claim(claim)));

        var sub = idToken.Claim("sub");
        Assert.Equal(43, sub.Length);
        Assert.NotEqual(DemoDirectory.AliceObjectId, sub);

        var iat = idToken.Payload.GetProperty("iat").GetInt64();
        Assert.Equal(emulator.Time.GetUtcNow().ToUnixTimeSeconds(), iat);
        Assert.Equal(iat, idToken.Payload.GetProperty("nbf").GetInt64());
        Assert.Equal(iat + 3600, idToken.Payload.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task Bob_HasNoGroups_AndTheReaderRole()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.BobUserPrincipalName);
        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);

        Assert.Equal(DemoDirectory.BobObjectId, idToken.Claim("oid"));
        Assert.False(idToken.Has("groups"));
        Assert.False(idToken.Has("_claim_names"));
        Assert.Equal([DemoDirectory.ReaderRole], idToken.ClaimArray("roles"));
    }

    [Fact]
    public async Task Carol_HasNoGroupsAndNoRoles()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Tenant = DemoDirectory.FabrikamDomain }, DemoDirectory.CarolUserPrincipalName);
        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);

        Assert.False(idToken.Has("groups"));
        Assert.False(idToken.Has("roles"));
    }

    [Fact]
    public async Task Sub_IsPairwise_StablePerAppAndDifferentAcrossApps()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var other = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = DemoDirectory.ContosoTenantId,
            RedirectUris = ["https://other.test/cb"],
            ClientSecrets = ["other-secret"],
        });
        var otherFlow = new CodeFlow { ClientId = other.ClientId, ClientSecret = "other-secret", RedirectUri = "https://other.test/cb" };

        var first = Jwt.Parse((await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName)).GetProperty("id_token").GetString()!);
        var again = Jwt.Parse((await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName)).GetProperty("id_token").GetString()!);
        var elsewhere = Jwt.Parse((await emulator.SignInAndRedeemAsync(otherFlow, DemoDirectory.AliceUserPrincipalName)).GetProperty("id_token").GetString()!);

        Assert.Equal(first.Claim("sub"), again.Claim("sub"));
        Assert.NotEqual(first.Claim("sub"), elsewhere.Claim("sub"));
        Assert.Equal(first.Claim("oid"), elsewhere.Claim("oid"));
    }

    [Fact]
    public async Task AccessToken_IsAGraphV1Token()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = "openid profile User.Read" }, DemoDirectory.AliceUserPrincipalName);
        var accessToken = Jwt.Parse(tokens.GetProperty("access_token").GetString()!);

        Assert.Equal(accessToken.KeyId, accessToken.Header.GetProperty("x5t").GetString());
        Assert.Equal("00000003-0000-0000-c000-000000000000", accessToken.Claim("aud"));
        // The harness's authority is not a Microsoft host, so the emulator plays the STS on its own host (V1Issuer).
        Assert.Equal($"{EmulatorHarness.Authority}/{DemoDirectory.ContosoTenantId}/", accessToken.Claim("iss"));
        Assert.Equal("1.0", accessToken.Claim("ver"));
        Assert.Equal(DemoDirectory.DevClientId, accessToken.Claim("appid"));
        Assert.Equal(DemoDirectory.AliceObjectId, accessToken.Claim("oid"));
        Assert.Equal(DemoDirectory.ContosoTenantId, accessToken.Claim("tid"));
        Assert.Contains("User.Read", accessToken.Claim("scp").Split(' '));
        Assert.Equal("1", accessToken.Claim("appidacr"));
        Assert.Equal([DemoDirectory.AdminsGroupId], accessToken.ClaimArray("groups"));
    }

    [Fact]
    public async Task WithoutOfflineAccess_ThereIsNoRefreshToken_AndWithoutOpenIdNoIdToken()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var noOffline = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = "openid profile" }, DemoDirectory.AliceUserPrincipalName);
        var noOpenId = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = "User.Read" }, DemoDirectory.AliceUserPrincipalName);

        Assert.False(noOffline.TryGetProperty("refresh_token", out _));
        Assert.True(noOffline.TryGetProperty("id_token", out _));
        Assert.False(noOpenId.TryGetProperty("id_token", out _));
        Assert.True(noOpenId.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task ReplayedCode_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        using var first = await emulator.RedeemAsync(flow, code);
        await EmulatorHarness.ReadSuccessAsync(first);

        using var replay = await emulator.RedeemAsync(flow, code);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(replay), "invalid_grant", 54005);
    }

    [Fact]
    public async Task ConcurrentRedemptionsOfOneCode_SucceedOnlyOnce()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => emulator.RedeemAsync(flow, code)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task WrongVerifier_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f => f["code_verifier"] = Pkce.NewVerifier());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 501481);
    }

    [Fact]
    public async Task MissingVerifier_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f => f.Remove("code_verifier"));

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 501481);
    }

    [Fact]
    public async Task ExpiredCode_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        emulator.Time.Advance(TimeSpan.FromMinutes(11));
        using var response = await emulator.RedeemAsync(flow, code);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 70008);
    }

    [Fact]
    public async Task CodeNineMinutesOld_IsStillRedeemed()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        emulator.Time.Advance(TimeSpan.FromMinutes(9));
        using var response = await emulator.RedeemAsync(flow, code);

        await EmulatorHarness.ReadSuccessAsync(response);
    }

    [Fact]
    public async Task RedirectUriDifferentFromAuthorize_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f => f["redirect_uri"] = "http://127.0.0.1:9999/oauth2/callback");

        // Entra's token endpoint names this AADSTS50011 as an invalid_client error (hence 401), quoting both addresses.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        EntraErrorShape.AssertJson(body, "invalid_client", 50011);
        Assert.Contains(
            $"The reply address 'http://127.0.0.1:9999/oauth2/callback' does not match the reply address '{flow.RedirectUri}' provided when requesting Authorization code.",
            body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeIssuedToAnotherClient_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var other = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = DemoDirectory.ContosoTenantId,
            RedirectUris = ["http://127.0.0.1/oauth2/callback"],
            ClientSecrets = ["other-secret"],
        });
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow with { ClientId = other.ClientId, ClientSecret = "other-secret" }, code);

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 70000);
    }

    [Fact]
    public async Task CodeRedeemedAtAnotherTenant_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow with { Tenant = DemoDirectory.FabrikamDomain }, code);

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 700005);
    }

    [Fact]
    public async Task UnknownCode_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.RedeemAsync(new CodeFlow(), "not-a-code");

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 70000);
    }

    [Fact]
    public async Task GetOnTheTokenEndpoint_IsRefusedTheEntraWay()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync("/common/oauth2/v2.0/token");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_request", 900561);
    }

    [Fact]
    public async Task OtherGrantTypes_AreUnsupported()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.PostFormAsync("/common/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = DemoDirectory.DevClientId,
            ["client_secret"] = DemoDirectory.DevClientSecret,
        });

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "unsupported_grant_type", 70003);
    }
}
