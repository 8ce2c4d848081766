using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>Who may call the Graph stub, and the faults it can be told to show (entra-protocol.md §5.3).</summary>
public sealed class GraphAuthorizationTests
{
    private const string GroupsOfMe = "/v1.0/me/transitiveMemberOf/microsoft.graph.group";

    [Fact]
    public async Task WithoutAToken_Is401InvalidAuthenticationToken()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GraphAsync(GroupsOfMe, accessToken: null);

        await GraphErrorShape.AssertAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAJwt_Is401()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GraphAsync(GroupsOfMe, "EwBwA8l6BAAUopaque");

        await GraphErrorShape.AssertAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
    }

    [Fact]
    public async Task AnExpiredToken_Is401()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);

        emulator.Time.Advance(TimeSpan.FromMinutes(61));
        using var response = await emulator.GraphAsync("/v1.0/me", token);

        var error = await GraphErrorShape.AssertAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.Contains("expired", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenSignedWithAnUnpublishedKey_Is401()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        emulator.Faults.SignTokensWithUnpublishedKey = true;
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);
        emulator.Faults.SignTokensWithUnpublishedKey = false;

        using var response = await emulator.GraphAsync("/v1.0/me", token);

        await GraphErrorShape.AssertAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
    }

    [Fact]
    public async Task ATokenWithACorruptSignature_Is401()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        emulator.Faults.CorruptTokenSignatures = true;
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.GraphAsync("/v1.0/me", token);

        await GraphErrorShape.AssertAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
    }

    [Fact]
    public async Task AnIdToken_IsNotForGraph_401InvalidAudience()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = "openid profile User.Read" }, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.GraphAsync("/v1.0/me", tokens.GetProperty("id_token").GetString());

        var error = await GraphErrorShape.AssertAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.Contains("audience", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutUserReadInTheScope_Is403_AndTheTokenDoesNotCarryIt()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.ErinUserPrincipalName, scope: "openid profile email offline_access");

        using var response = await emulator.GraphAsync(GroupsOfMe, token);

        Assert.DoesNotContain("User.Read", Jwt.Parse(token).Claim("scp").Split(' '));
        await GraphErrorShape.AssertAsync(response, HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    [Theory]
    [InlineData("openid https://graph.microsoft.com/User.Read")]
    [InlineData("openid user.read")]
    [InlineData("openid GroupMember.Read.All")]
    [InlineData("openid Directory.Read.All")]
    public async Task GraphScopesByAnyOfTheirNames_AreGranted(string scope)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName, scope);

        using var response = await emulator.GraphAsync(GroupsOfMe, token);

        await EmulatorHarness.ReadSuccessAsync(response);
    }

    [Fact]
    public async Task DotDefault_GrantsNoGraphPermission()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName, "openid https://graph.microsoft.com/.default");

        Assert.Equal("openid", Jwt.Parse(token).Claim("scp"));
    }

    [Fact]
    public async Task ThrottleFault_Answers429WithRetryAfter_ForTheNextNRequests()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);
        emulator.Faults.GraphThrottleResponses = 2;

        using var first = await emulator.GraphAsync(GroupsOfMe, token);
        using var second = await emulator.GraphAsync(GroupsOfMe, token);
        using var third = await emulator.GraphAsync(GroupsOfMe, token);

        foreach (var throttled in new[] { first, second })
        {
            await GraphErrorShape.AssertAsync(throttled, HttpStatusCode.TooManyRequests, "TooManyRequests");
            Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter!.Delta);
        }

        await EmulatorHarness.ReadSuccessAsync(third);
        Assert.Equal(0, emulator.Faults.GraphThrottleResponses);
    }

    [Fact]
    public async Task UnavailableFault_Answers503()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);
        emulator.Faults.GraphUnavailable = true;

        using var response = await emulator.GraphAsync(GroupsOfMe, token);

        await GraphErrorShape.AssertAsync(response, HttpStatusCode.ServiceUnavailable, "serviceNotAvailable");
    }

    [Fact]
    public async Task ClientRequestId_IsEchoedInTheErrorEnvelope()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var correlation = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, GroupsOfMe);
        request.Headers.Add("client-request-id", correlation);

        using var response = await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);

        var error = await GraphErrorShape.AssertAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        Assert.Equal(correlation, error.GetProperty("innerError").GetProperty("client-request-id").GetString());
    }

    [Fact]
    public async Task AManagedIdentityToken_CannotUseMe_AndHasNoRightToReadUsers()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = (await emulator.ManagedIdentityTokenAsync("https://graph.microsoft.com")).GetProperty("access_token").GetString();

        using var me = await emulator.GraphAsync("/v1.0/me", token);
        using var user = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.AliceObjectId}/transitiveMemberOf", token);

        await GraphErrorShape.AssertAsync(me, HttpStatusCode.BadRequest, "BadRequest");
        await GraphErrorShape.AssertAsync(user, HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/.default")]
    [InlineData("00000003-0000-0000-c000-000000000000/.default")]
    public async Task AnAppWithGroupMemberReadAll_GetsAnAppOnlyGraphToken_ThatReadsAnyUsersGroups(string scope)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await AppOnlyGraphTokenAsync(emulator, DemoDirectory.KubeServerClientId, DemoDirectory.KubeServerClientSecret, scope);

        var claims = Jwt.Parse(token);
        Assert.Equal(("https://graph.microsoft.com", "app", "1.0"), (claims.Claim("aud"), claims.Claim("idtyp"), claims.Claim("ver")));
        Assert.Equal(["GroupMember.Read.All"], claims.ClaimArray("roles"));
        Assert.False(claims.Has("scp"));
        using var groups = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.ErinObjectId}/transitiveMemberOf/microsoft.graph.group?$select=id&$top=999", token);
        using var memberGroups = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.ErinObjectId}/getMemberGroups", token, HttpMethod.Post,
            new StringContent("""{"securityEnabledOnly":false}""", System.Text.Encoding.UTF8, "application/json"));
        using var me = await emulator.GraphAsync("/v1.0/me", token);

        Assert.Equal(HttpStatusCode.OK, groups.StatusCode);
        Assert.Equal(DemoDirectory.ErinGroupCount, (await EmulatorHarness.ReadJsonAsync(groups)).GetProperty("value").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, memberGroups.StatusCode);
        Assert.Equal(DemoDirectory.ErinGroupIds, (await EmulatorHarness.ReadJsonAsync(memberGroups)).GetProperty("value").EnumerateArray().Select(v => v.GetString()!));
        await GraphErrorShape.AssertAsync(me, HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task AnAppWithoutGraphPermissions_GetsATokenWithoutRoles_ThatGraphRefuses()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await AppOnlyGraphTokenAsync(emulator, DemoDirectory.DemoApiClientId, DemoDirectory.DemoApiClientSecret, "https://graph.microsoft.com/.default");

        Assert.False(Jwt.Parse(token).Has("roles"));
        using var groups = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.AliceObjectId}/transitiveMemberOf", token);
        await GraphErrorShape.AssertAsync(groups, HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    // What a TokenReview webhook resolving overage calls (issue 12): getMemberGroups and transitiveMemberOf of another
    // user, app-only. Directory.Read.All reads them as GroupMember.Read.All does (entra-protocol.md §5.3's table);
    // an app granted neither (nor any other Graph read permission) is refused with Graph's 403 envelope.
    [Theory]
    [InlineData("Directory.Read.All", true)]
    [InlineData("GroupMember.Read.All", true)]
    [InlineData(null, false)]
    public async Task AppOnlyMembershipReads_NeedDirectoryOrGroupMemberReadAll_Else403AuthorizationRequestDenied(string? permission, bool allowed)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var app = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            DisplayName = "webhook",
            HomeTenantId = DemoDirectory.ContosoTenantId,
            ClientSecrets = ["webhook-secret"],
            GraphApplicationPermissions = permission is null ? [] : [permission],
        });
        var token = await AppOnlyGraphTokenAsync(emulator, app.ClientId, "webhook-secret", "https://graph.microsoft.com/.default");
        var claims = Jwt.Parse(token);
        Assert.Equal("app", claims.Claim("idtyp"));
        if (permission is null)
        {
            Assert.False(claims.Has("roles"));
        }
        else
        {
            Assert.Equal([permission], claims.ClaimArray("roles"));
        }

        using var transitive = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.ErinObjectId}/transitiveMemberOf/microsoft.graph.group?$select=id&$top=999", token);
        using var memberGroups = await emulator.GraphAsync($"/v1.0/users/{DemoDirectory.ErinObjectId}/getMemberGroups", token, HttpMethod.Post,
            new StringContent("""{"securityEnabledOnly":true}""", System.Text.Encoding.UTF8, "application/json"));

        if (allowed)
        {
            Assert.Equal(DemoDirectory.ErinGroupCount, (await EmulatorHarness.ReadSuccessAsync(transitive)).GetProperty("value").GetArrayLength());
            Assert.Equal(DemoDirectory.ErinGroupIds, (await EmulatorHarness.ReadSuccessAsync(memberGroups)).GetProperty("value").EnumerateArray().Select(v => v.GetString()!));
        }
        else
        {
            foreach (var refused in new[] { transitive, memberGroups })
            {
                var error = await GraphErrorShape.AssertAsync(refused, HttpStatusCode.Forbidden, "Authorization_RequestDenied");
                Assert.Equal("Insufficient privileges to complete the operation.", error.GetProperty("message").GetString());
            }
        }
    }

    private static async Task<string> AppOnlyGraphTokenAsync(EmulatorHarness emulator, string clientId, string secret, string scope)
    {
        using var response = await emulator.PostFormAsync($"/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        });
        return (await EmulatorHarness.ReadSuccessAsync(response)).GetProperty("access_token").GetString()!;
    }
}
