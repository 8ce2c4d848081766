using System.Net;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>Access tokens for APIs of the directory, v1.0 and v2.0 (entra-protocol.md §4.3).</summary>
public sealed class ApiAccessTokenTests
{
    private const string Contoso = DemoDirectory.ContosoTenantId;
    private const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    [Fact]
    public async Task DevApiScope_GivesAV2Token_ForTheDevApp()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(
            new CodeFlow { Scope = $"openid profile offline_access {DemoDirectory.DevApiScope} User.Read" }, DemoDirectory.AliceUserPrincipalName);
        var token = await VerifiedAccessTokenAsync(emulator, tokens);

        Assert.False(token.Header.TryGetProperty("x5t", out _), "v2 tokens carry kid only");
        Assert.Equal(DemoDirectory.DevClientId, token.Claim("aud"));
        Assert.Equal($"{EmulatorHarness.Authority}/{Contoso}/v2.0", token.Claim("iss"));
        Assert.Equal("2.0", token.Claim("ver"));
        Assert.Equal(DemoDirectory.DevClientId, token.Claim("azp"));
        Assert.Equal("1", token.Claim("azpacr"));
        Assert.Equal(DemoDirectory.AccessAsUserScope, token.Claim("scp"));
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, token.Claim("preferred_username"));
        Assert.Equal(DemoDirectory.AliceObjectId, token.Claim("oid"));
        Assert.Equal(Contoso, token.Claim("tid"));
        Assert.Equal(43, token.Claim("sub").Length);
        Assert.Equal([DemoDirectory.AdminRole], token.ClaimArray("roles"));
        Assert.Equal([DemoDirectory.AdminsGroupId], token.ClaimArray("groups"));
        Assert.All(new[] { "appid", "appidacr", "upn", "unique_name" }, claim => Assert.False(token.Has(claim), claim));

        // One resource per token: the Graph permission is not granted alongside.
        var scope = tokens.GetProperty("scope").GetString()!.Split(' ');
        Assert.Contains(DemoDirectory.DevApiScope, scope);
        Assert.DoesNotContain("User.Read", scope);
        Assert.True(tokens.TryGetProperty("id_token", out _));
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task DemoApiScope_GivesAV1Token_WithTheResourcesRoles()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(
            new CodeFlow { Scope = $"openid User.Read {DemoDirectory.DemoApiScope}" }, DemoDirectory.AliceUserPrincipalName);
        var token = await VerifiedAccessTokenAsync(emulator, tokens);

        Assert.Equal(token.KeyId, token.Header.GetProperty("x5t").GetString());
        Assert.Equal(DemoDirectory.DemoApiIdentifierUri, token.Claim("aud"));
        Assert.Equal($"{EmulatorHarness.Authority}/{Contoso}/", token.Claim("iss"));
        Assert.Equal("1.0", token.Claim("ver"));
        Assert.Equal(DemoDirectory.DevClientId, token.Claim("appid"));
        Assert.Equal("1", token.Claim("appidacr"));
        Assert.Equal(DemoDirectory.AccessAsUserScope, token.Claim("scp"));
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, token.Claim("upn"));
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, token.Claim("unique_name"));
        Assert.Equal(DemoDirectory.AliceObjectId, token.Claim("oid"));
        Assert.Equal(Contoso, token.Claim("tid"));
        Assert.NotEmpty(token.Claim("sub"));

        // Alice's roles on the API, not her Lanyard.Admin on the calling dev app.
        Assert.Equal([DemoDirectory.DemoApiCallerRole], token.ClaimArray("roles"));
        Assert.Equal([DemoDirectory.AdminsGroupId], token.ClaimArray("groups"));
        Assert.All(new[] { "azp", "azpacr", "preferred_username" }, claim => Assert.False(token.Has(claim), claim));
    }

    [Fact]
    public async Task BobHasNoRoleOnTheApi_SoHisTokenHasNone()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = DemoDirectory.DemoApiScope }, DemoDirectory.BobUserPrincipalName);
        var token = Jwt.Parse(tokens.GetProperty("access_token").GetString()!);

        Assert.Equal(DemoDirectory.DemoApiIdentifierUri, token.Claim("aud"));
        Assert.False(token.Has("roles"));
    }

    [Fact]
    public async Task ErinsApiToken_CarriesTheGroupOverageIndicator()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = DemoDirectory.DevApiScope }, DemoDirectory.ErinUserPrincipalName);
        var token = Jwt.Parse(tokens.GetProperty("access_token").GetString()!);

        Assert.False(token.Has("groups"));
        Assert.Equal("src1", token.Payload.GetProperty("_claim_names").GetProperty("groups").GetString());
    }

    [Theory]
    [InlineData("api://" + DemoDirectory.DemoApiClientId + "/access_as_user", "api://" + DemoDirectory.DemoApiClientId, "access_as_user")]
    [InlineData(DemoDirectory.DemoApiClientId + "/access_as_user", DemoDirectory.DemoApiClientId, "access_as_user")]
    [InlineData("spn:" + DemoDirectory.DemoApiClientId + "/access_as_user", "spn:" + DemoDirectory.DemoApiClientId, "access_as_user")]
    [InlineData("API://LANYARD-DEMO-API/access_as_user", DemoDirectory.DemoApiIdentifierUri, "access_as_user")]
    [InlineData("api://lanyard-demo-api/.default", DemoDirectory.DemoApiIdentifierUri, null)]
    public async Task V1Audience_IsTheResourceAsTheClientNamedIt(string scope, string audience, string? scp)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = $"openid {scope}" }, DemoDirectory.AliceUserPrincipalName);
        var token = Jwt.Parse(tokens.GetProperty("access_token").GetString()!);

        Assert.Equal(audience, token.Claim("aud"));
        Assert.Equal(scp, token.Has("scp") ? token.Claim("scp") : null);
    }

    [Fact]
    public async Task SeveralApis_TheFirstWins()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(
            new CodeFlow { Scope = $"{DemoDirectory.DemoApiScope} {DemoDirectory.DevApiScope} {DemoDirectory.DemoApiIdentifierUri}/Other.Scope" },
            DemoDirectory.AliceUserPrincipalName);
        var token = Jwt.Parse(tokens.GetProperty("access_token").GetString()!);

        Assert.Equal(DemoDirectory.DemoApiIdentifierUri, token.Claim("aud"));
        Assert.Equal("access_as_user Other.Scope", token.Claim("scp"));
        Assert.DoesNotContain(DemoDirectory.DevApiScope, tokens.GetProperty("scope").GetString()!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com", "https://sts.windows.net")]
    [InlineData("https://login.windows.net", "https://sts.windows.net")]
    [InlineData("https://login.microsoftonline.us", "https://sts.windows.net")]
    [InlineData("https://login.chinacloudapi.cn", "https://sts.chinacloudapi.cn")]
    [InlineData("http://127.0.0.1:5556", "http://127.0.0.1:5556")]
    [InlineData("https://login.emulator.test", "https://login.emulator.test")]
    public async Task V1Issuer_IsTheCloudsSts_OnMicrosoftHostsOnly(string authority, string stsBase)
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { Authority = authority });

        var api = await AccessTokenAsync(emulator, DemoDirectory.DemoApiScope);
        var graph = await AccessTokenAsync(emulator, "openid User.Read");
        var v2 = await AccessTokenAsync(emulator, DemoDirectory.DevApiScope);

        Assert.Equal($"{stsBase}/{Contoso}/", api.Claim("iss"));
        Assert.Equal($"{stsBase}/{Contoso}/", graph.Claim("iss"));
        Assert.Equal($"{authority}/{Contoso}/v2.0", v2.Claim("iss"));
    }

    [Fact]
    public async Task WithoutAnApiScope_TheTokenIsForGraph_AsBefore()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        // An https resource the emulator does not model is ignored, as before, rather than refused.
        var tokens = await emulator.SignInAndRedeemAsync(
            new CodeFlow { Scope = "openid profile User.Read https://management.azure.com/user_impersonation" }, DemoDirectory.AliceUserPrincipalName);
        var token = await VerifiedAccessTokenAsync(emulator, tokens);

        Assert.Equal(GraphAppId, token.Claim("aud"));
        Assert.Equal("1.0", token.Claim("ver"));
        Assert.Equal("openid profile User.Read", token.Claim("scp"));
        Assert.Equal("openid profile User.Read", tokens.GetProperty("scope").GetString());
        Assert.Equal(token.KeyId, token.Header.GetProperty("x5t").GetString());
        using var me = await emulator.GraphAsync("/v1.0/me", token.Raw);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task AnApiToken_IsRefusedByGraph()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await AccessTokenAsync(emulator, DemoDirectory.DevApiScope);

        using var me = await emulator.GraphAsync("/v1.0/me", token.Raw);

        await GraphErrorShape.AssertAsync(me, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
    }

    [Fact]
    public async Task OneRefreshToken_FetchesGraphThenAnApi()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { Scope = "openid offline_access User.Read" };
        var first = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var toApi = await emulator.RefreshAsync(flow, first.GetProperty("refresh_token").GetString()!, f => f["scope"] = DemoDirectory.DemoApiScope);
        var api = await EmulatorHarness.ReadSuccessAsync(toApi);
        using var back = await emulator.RefreshAsync(flow, api.GetProperty("refresh_token").GetString()!);
        var graph = await EmulatorHarness.ReadSuccessAsync(back);

        Assert.Equal(DemoDirectory.DemoApiIdentifierUri, Jwt.Parse(api.GetProperty("access_token").GetString()!).Claim("aud"));
        Assert.Equal(GraphAppId, Jwt.Parse(graph.GetProperty("access_token").GetString()!).Claim("aud"));
    }

    [Theory]
    [InlineData("api://no-such-api/access_as_user")]
    [InlineData("api://0badc0de-0000-4000-8000-000000000000/access_as_user")]
    [InlineData("0badc0de-0000-4000-8000-000000000000/.default")]
    [InlineData("spn:0badc0de-0000-4000-8000-000000000000/.default")]
    public async Task AnUnknownApi_IsRedirectedInvalidResource_AtAuthorize(string scope)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { Scope = $"openid {scope}" };

        using var response = await emulator.AuthorizeAsync(flow, DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = EmulatorHarness.RedirectQuery(response, flow.RedirectUri);
        Assert.Equal("invalid_resource", query["error"]);
        Assert.Equal(flow.State, query["state"]);
        EntraErrorShape.AssertDescription(query["error_description"]!, 500011);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task AnUnknownApi_IsInvalidResource_AtTheTokenEndpoint()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var first = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RefreshAsync(flow, first.GetProperty("refresh_token").GetString()!, f => f["scope"] = "api://no-such-api/.default");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_resource", 500011);
    }

    [Fact]
    public async Task ASingleTenantApi_IsUnknownInOtherTenants()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var api = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = Contoso,
            IdentifierUris = ["https://api.contoso.test"],
        });

        var alice = await AccessTokenAsync(emulator, "https://api.contoso.test/Things.Read");
        var flow = new CodeFlow { Tenant = "common", Scope = $"api://{api.ClientId}/Things.Read" };
        using var carol = await emulator.AuthorizeAsync(flow, DemoDirectory.CarolUserPrincipalName);

        Assert.Equal("https://api.contoso.test", alice.Claim("aud"));
        Assert.Equal("1.0", alice.Claim("ver"));
        Assert.Equal("invalid_resource", EmulatorHarness.RedirectQuery(carol, flow.RedirectUri)["error"]);
    }

    [Fact]
    public void AnAcceptedVersionOtherThan1Or2_IsRefused()
    {
        var directory = DemoDirectory.Create();

        var error = Assert.Throws<ArgumentException>(() => directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = Contoso,
            AccessTokenAcceptedVersion = 3,
        }));

        Assert.Contains("accessTokenAcceptedVersion", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Jwt> AccessTokenAsync(EmulatorHarness emulator, string scope)
    {
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = scope }, DemoDirectory.AliceUserPrincipalName);
        return Jwt.Parse(tokens.GetProperty("access_token").GetString()!);
    }

    [Fact]
    public async Task DotDefault_GrantsTheApisExposedScopes()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = $"openid {DemoDirectory.KubeServerClientId}/.default" }, DemoDirectory.AliceUserPrincipalName);

        var token = await VerifiedAccessTokenAsync(emulator, tokens);

        Assert.Equal(DemoDirectory.KubeServerClientId, token.Claim("aud"));
        Assert.Equal("user_impersonation", token.Claim("scp"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AGuestsTokens_NameTheirHomeTenantAsIdp_AndCarryNoUpn(bool v2)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var api = v2 ? DemoDirectory.DevApiScope : DemoDirectory.DemoApiScope;
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = $"openid profile {api}" }, DemoDirectory.CarolGuestUserPrincipalName);

        var access = await VerifiedAccessTokenAsync(emulator, tokens);
        var id = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);

        foreach (var token in new[] { access, id })
        {
            Assert.Equal(DemoDirectory.CarolGuestObjectId, token.Claim("oid"));
            Assert.Equal(Contoso, token.Claim("tid"));
            Assert.Equal($"https://sts.windows.net/{DemoDirectory.FabrikamTenantId}/", token.Claim("idp"));
            Assert.False(token.Has("upn"));
        }

        Assert.Equal(DemoDirectory.CarolUserPrincipalName, id.Claim("preferred_username"));
        Assert.Equal(DemoDirectory.CarolUserPrincipalName, access.Claim(v2 ? "preferred_username" : "unique_name"));
    }

    private static async Task<Jwt> VerifiedAccessTokenAsync(EmulatorHarness emulator, JsonElement tokens)
    {
        var token = Jwt.Parse(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal("RS256", token.Header.GetProperty("alg").GetString());
        var jwk = (await emulator.JwksAsync()).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == token.KeyId);
        Assert.True(token.VerifiesWith(jwk));
        return token;
    }

    // Issue 13: an application granted an API's app roles (appRoleAssignments on the application) gets them as roles
    // in its client-credentials tokens for that API; other APIs' tokens, and apps without a grant, carry none.
    [Theory]
    [InlineData(DemoDirectory.KubeServerClientId, DemoDirectory.KubeServerClientSecret, DemoDirectory.DemoApiIdentifierUri, "LanyardApi.Caller")]
    [InlineData(DemoDirectory.DevClientId, DemoDirectory.DevClientSecret, DemoDirectory.DemoApiClientId, "LanyardApi.Caller")]
    [InlineData(DemoDirectory.KubeServerClientId, DemoDirectory.KubeServerClientSecret, DemoDirectory.KubeServerClientId, null)]
    [InlineData(DemoDirectory.DemoApiClientId, DemoDirectory.DemoApiClientSecret, DemoDirectory.DemoApiIdentifierUri, null)]
    public async Task ClientCredentials_CarryTheApisAppRolesGrantedToTheClient(string clientId, string secret, string resource, string? role)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.PostFormAsync($"/{Contoso}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = resource + "/.default",
        });

        var token = Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(response)).GetProperty("access_token").GetString()!);

        Assert.Equal(("app", Contoso, "1.0"), (token.Claim("idtyp"), token.Claim("tid"), token.Claim("ver")));
        Assert.Equal(clientId, token.Claim("appid"));
        Assert.True(Guid.TryParse(token.Claim("oid"), out _));
        Assert.NotEqual(clientId, token.Claim("oid"));
        Assert.False(token.Has("scp"));
        if (role is null)
        {
            Assert.False(token.Has("roles"));
        }
        else
        {
            Assert.Equal([role], token.ClaimArray("roles"));
        }
    }

    [Fact]
    public async Task AnAddedApplication_GrantedItsOwnAndAnotherApisRoles_GetsEachOnlyForItsApi()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var self = Guid.NewGuid().ToString();
        emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = self,
            HomeTenantId = Contoso,
            ClientSecrets = ["s"],
            AppRoles = [new EmulatorAppRole { Id = Guid.NewGuid().ToString(), Value = "Jobs.Run" }],
            AppRoleAssignments =
            [
                new EmulatorAppRoleAssignment { ClientId = self, RoleValue = "Jobs.Run" },
                new EmulatorAppRoleAssignment { ClientId = DemoDirectory.DemoApiClientId, RoleValue = DemoDirectory.DemoApiCallerRole },
            ],
        });
        var refused = Assert.Throws<ArgumentException>(() => emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = Contoso,
            AppRoleAssignments = [new EmulatorAppRoleAssignment { ClientId = DemoDirectory.DemoApiClientId, RoleValue = "No.Such.Role" }],
        }));
        Assert.Contains("has no app role 'No.Such.Role'", refused.Message, StringComparison.Ordinal);

        async Task<IReadOnlyList<string>> RolesForAsync(string resource)
        {
            using var response = await emulator.PostFormAsync($"/{Contoso}/oauth2/v2.0/token", new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = self,
                ["client_secret"] = "s",
                ["scope"] = resource + "/.default",
            });
            return Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(response)).GetProperty("access_token").GetString()!).ClaimArray("roles");
        }

        Assert.Equal(["Jobs.Run"], await RolesForAsync(self));
        Assert.Equal([DemoDirectory.DemoApiCallerRole], await RolesForAsync(DemoDirectory.DemoApiIdentifierUri));
    }
}
