using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>
/// What the emulator offers for testing a relying party's defences (Lanyard issue 9): a user whose email is not
/// hers, the <c>xms_edov</c> optional claim, a slow token endpoint, a key-fetch counter and a signer for forgeries.
/// </summary>
public sealed class SecurityFixtureTests
{
    private const string EdovClientId = "ed0f0000-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
    private const string EdovSecret = "edov-secret";

    private static EmulatorApplication EdovApp() => new()
    {
        ClientId = EdovClientId,
        DisplayName = "asks for xms_edov",
        HomeTenantId = DemoDirectory.ContosoTenantId,
        SignInAudience = EmulatorSignInAudience.AzureADMultipleOrgs,
        RedirectUris = ["http://127.0.0.1/oauth2/callback"],
        ClientSecrets = [EdovSecret],
        OptionalClaims = [EmulatorApplication.XmsEdov],
    };

    private static async Task<Jwt> IdTokenAsync(EmulatorHarness emulator, string user, string clientId = EdovClientId, string secret = EdovSecret)
    {
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Tenant = "organizations", ClientId = clientId, ClientSecret = secret }, user);
        return Jwt.Parse(tokens.GetProperty("id_token").GetString()!);
    }

    [Fact]
    public async Task Mallory_ClaimsAlicesAddress_FromFabrikam()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var token = await IdTokenAsync(emulator, DemoDirectory.MalloryUserPrincipalName, DemoDirectory.DevClientId, DemoDirectory.DevClientSecret);

        Assert.Equal(DemoDirectory.FabrikamTenantId, token.Claim("tid"));
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, token.Claim("email"));
        Assert.False(token.Has("xms_edov")); // the dev app does not ask for it
    }

    [Fact]
    public async Task XmsEdov_IsTrueForAnAddressInTheUsersOwnVerifiedDomain_FalseOtherwise()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        emulator.Directory.AddApplication(EdovApp());

        var alice = await IdTokenAsync(emulator, DemoDirectory.AliceUserPrincipalName);
        var mallory = await IdTokenAsync(emulator, DemoDirectory.MalloryUserPrincipalName);

        Assert.True(alice.Payload.GetProperty("xms_edov").GetBoolean());
        Assert.False(mallory.Payload.GetProperty("xms_edov").GetBoolean());
    }

    [Fact]
    public void UnknownOptionalClaim_IsADirectoryErrorNamingIt()
    {
        var directory = DemoDirectory.Create();
        var error = Assert.Throws<ArgumentException>(() => directory.AddApplication(EdovApp() with { OptionalClaims = ["xms_made_up"] }));
        Assert.Contains("xms_made_up", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectoryFile_ReadsVerifiedDomainsAndOptionalClaims_AndRefusesADomainVerifiedTwice()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("emulator-directory-").FullName, "directory.json");
        File.WriteAllText(path, """
            {
              "tenants": [
                { "id": "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31", "domain": "contoso.test", "verifiedDomains": ["contoso.example"] },
                { "id": "f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60", "domain": "fabrikam.test" }
              ],
              "applications": [
                { "clientId": "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f", "homeTenantId": "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31", "optionalClaims": ["xms_edov"] }
              ]
            }
            """);
        var directory = EmulatorDirectory.Load(path);
        Assert.Equal(["contoso.example"], directory.FindTenant("contoso.test")!.VerifiedDomains);
        Assert.Equal([EmulatorApplication.XmsEdov], directory.FindApplication(DemoDirectory.DevClientId)!.OptionalClaims);

        File.WriteAllText(path, """
            { "tenants": [
                { "id": "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31", "domain": "contoso.test" },
                { "id": "f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60", "domain": "fabrikam.test", "verifiedDomains": ["Contoso.test"] } ] }
            """);
        Assert.Contains("verified domain", Assert.ThrowsAny<Exception>(() => EmulatorDirectory.Load(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenEndpointDelay_HoldsTheAnswer()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        emulator.Faults.TokenEndpointDelayMilliseconds = 1500;

        var watch = Stopwatch.StartNew();
        using var response = await emulator.RedeemAsync(flow, code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(1400), $"answered after {watch.ElapsedMilliseconds} ms");
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.Faults.TokenEndpointDelayMilliseconds = -1);
    }

    [Fact]
    public async Task BackdatedTokens_ArriveExpired_AndTheSwitchIsSetThroughTheFaultsEndpoint()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        using var set = await emulator.Client.PostAsync("/_emulator/faults",
            new StringContent("""{ "backdateTokensSeconds": 7200 }""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(7200, (await EmulatorHarness.ReadSuccessAsync(set)).GetProperty("backdateTokensSeconds").GetInt32());

        using var response = await emulator.RedeemAsync(flow, code);

        var access = Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(response)).GetProperty("access_token").GetString()!);
        var expires = DateTimeOffset.FromUnixTimeSeconds(access.Payload.GetProperty("exp").GetInt64());
        Assert.Equal(emulator.Time.GetUtcNow().AddSeconds(-7200).AddHours(1).ToUnixTimeSeconds(), expires.ToUnixTimeSeconds());
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.Faults.BackdateTokensSeconds = -1);
    }

    [Fact]
    public async Task TokenEndpointDelay_IsAFaultSwitchToo()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var set = await emulator.Client.PostAsync("/_emulator/faults",
            new StringContent("""{ "tokenEndpointDelayMilliseconds": 250 }""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(250, (await EmulatorHarness.ReadSuccessAsync(set)).GetProperty("tokenEndpointDelayMilliseconds").GetInt32());
        Assert.Equal(250, emulator.Faults.TokenEndpointDelayMilliseconds);
    }

    [Fact]
    public async Task KeySetRequests_AreCounted()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        await emulator.JwksAsync();
        await emulator.JwksAsync(DemoDirectory.ContosoTenantId);
        using var stats = await emulator.GetAsync("/_emulator/stats");

        Assert.Equal(2, emulator.Statistics.KeySetRequests);
        Assert.Equal(2, (await EmulatorHarness.ReadSuccessAsync(stats)).GetProperty("keySetRequests").GetInt64());
    }

    [Fact]
    public async Task SignToken_SignsWhatItIsGiven_WithThePublishedOrTheUnpublishedKey()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var keys = await emulator.JwksAsync();

        var signed = Jwt.Parse(emulator.Keys.SignToken($$"""{"alg":"RS256","kid":"{{emulator.Keys.ActiveKeyId}}","typ":"JWT"}""", """{"nonce":"n","custom":1}"""));
        var forged = Jwt.Parse(emulator.Keys.SignToken($$"""{"alg":"none","kid":"{{emulator.Keys.UnpublishedKeyId}}"}""", "{}", withUnpublishedKey: true));

        Assert.True(signed.VerifiesWith(Key(keys, emulator.Keys.ActiveKeyId)));
        Assert.Equal("n", signed.Claim("nonce"));
        Assert.Equal("none", forged.Header.GetProperty("alg").GetString());
        Assert.DoesNotContain(keys.GetProperty("keys").EnumerateArray(), k => k.GetProperty("kid").GetString() == emulator.Keys.UnpublishedKeyId);
    }

    private static JsonElement Key(JsonElement jwks, string kid) =>
        jwks.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == kid);
}
