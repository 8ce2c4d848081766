using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>The device authorization grant: Entra's response shape, each polling error, approval through the page and the hook.</summary>
public sealed class DeviceCodeTests
{
    private const string Tenant = DemoDirectory.ContosoTenantId;
    private const string ServerScope = DemoDirectory.KubeServerClientId + "/.default offline_access openid profile";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeviceCode_HasEntrasSixFields_AndNoVerificationUriComplete()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var body = await StartAsync(emulator);

        Assert.Equal(
            ["device_code", "expires_in", "interval", "message", "user_code", "verification_uri"],
            body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(900, body.GetProperty("expires_in").GetInt32());
        Assert.Equal(5, body.GetProperty("interval").GetInt32());
        var userCode = body.GetProperty("user_code").GetString()!;
        Assert.Matches("^[A-Z]{9}$", userCode);
        Assert.Equal($"{EmulatorHarness.Authority}/devicelogin", body.GetProperty("verification_uri").GetString());
        Assert.Equal(
            $"To sign in, use a web browser to open the page {EmulatorHarness.Authority}/devicelogin and enter the code {userCode} to authenticate.",
            body.GetProperty("message").GetString());
        Assert.Equal(1, emulator.Statistics.DeviceCodesIssued);
    }

    [Fact]
    public async Task Poll_BeforeApproval_IsPending_ThenApprovedTokensAreForTheServerApp_WithARefreshToken()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var start = await StartAsync(emulator);
        var deviceCode = start.GetProperty("device_code").GetString()!;

        using var pending = await PollAsync(emulator, deviceCode);
        Assert.Equal(HttpStatusCode.BadRequest, pending.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(pending), "authorization_pending", 70016);

        await ApproveAsync(emulator, start.GetProperty("user_code").GetString()!, DemoDirectory.AliceUserPrincipalName);
        emulator.Time.Advance(TimeSpan.FromSeconds(5));
        using var approved = await PollAsync(emulator, deviceCode);
        var tokens = await EmulatorHarness.ReadSuccessAsync(approved);

        var access = Jwt.Parse(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(DemoDirectory.KubeServerClientId, access.Claim("aud"));
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, access.Claim("upn"));
        Assert.Equal(DemoDirectory.KubectlClientId, access.Claim("appid"));
        Assert.Equal("0", access.Claim("appidacr"));
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
        Assert.True(tokens.TryGetProperty("id_token", out _));
        Assert.Equal(1, emulator.Statistics.DeviceCodeRedemptions);

        // Redeemed once: the same device code is no longer valid.
        emulator.Time.Advance(TimeSpan.FromSeconds(5));
        using var again = await PollAsync(emulator, deviceCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(again), "bad_verification_code", 70018);
    }

    [Fact]
    public async Task PollingSoonerThanTheInterval_IsToldToSlowDown()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var deviceCode = (await StartAsync(emulator)).GetProperty("device_code").GetString()!;
        using var first = await PollAsync(emulator, deviceCode);

        emulator.Time.Advance(TimeSpan.FromSeconds(2));
        using var early = await PollAsync(emulator, deviceCode);
        emulator.Time.Advance(TimeSpan.FromSeconds(5));
        using var onTime = await PollAsync(emulator, deviceCode);

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(early), "slow_down", 70016);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(onTime), "authorization_pending", 70016);
    }

    [Fact]
    public async Task DeclinedCode_IsAuthorizationDeclined()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var start = await StartAsync(emulator);
        using var decline = await emulator.Client.PostAsJsonAsync(
            "/_emulator/devicecode", new { userCode = start.GetProperty("user_code").GetString(), decline = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, decline.StatusCode);

        using var poll = await PollAsync(emulator, start.GetProperty("device_code").GetString()!);

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(poll), "authorization_declined", 70016);
    }

    [Fact]
    public async Task CodeAfterFifteenMinutes_IsExpired_AndCannotBeApproved()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var start = await StartAsync(emulator);
        emulator.Time.Advance(TimeSpan.FromMinutes(15));

        using var approve = await emulator.Client.PostAsJsonAsync(
            "/_emulator/devicecode", new { userCode = start.GetProperty("user_code").GetString(), user = DemoDirectory.AliceUserPrincipalName }, Ct);
        using var poll = await PollAsync(emulator, start.GetProperty("device_code").GetString()!);

        Assert.Equal(HttpStatusCode.BadRequest, approve.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(poll), "expired_token", 70019);
    }

    [Fact]
    public async Task UnknownDeviceCode_IsBadVerificationCode()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var poll = await PollAsync(emulator, "made-up");

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(poll), "bad_verification_code", 70018);
    }

    [Fact]
    public async Task ConfidentialAppWithoutItsSecret_CannotRedeem_AndAPublicClientMaySendNone()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.PostFormAsync($"/{Tenant}/oauth2/v2.0/devicecode", new Dictionary<string, string>
        {
            ["client_id"] = DemoDirectory.DevClientId,
            ["scope"] = "openid",
        });
        var deviceCode = (await EmulatorHarness.ReadSuccessAsync(response)).GetProperty("device_code").GetString()!;

        using var poll = await PollAsync(emulator, deviceCode, DemoDirectory.DevClientId);

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(poll), "invalid_client", 7000218);
    }

    [Fact]
    public async Task DeviceCode_RefusesUnknownClientsAndResources_WithEntrasCodes()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var unknownClient = await emulator.PostFormAsync($"/{Tenant}/oauth2/v2.0/devicecode", new Dictionary<string, string>
        {
            ["client_id"] = Guid.NewGuid().ToString(),
            ["scope"] = "openid",
        });
        using var unknownResource = await emulator.PostFormAsync($"/{Tenant}/oauth2/v2.0/devicecode", new Dictionary<string, string>
        {
            ["client_id"] = DemoDirectory.KubectlClientId,
            ["scope"] = "api://nothing-here/.default",
        });
        using var noScope = await emulator.PostFormAsync($"/{Tenant}/oauth2/v2.0/devicecode", new Dictionary<string, string>
        {
            ["client_id"] = DemoDirectory.KubectlClientId,
        });
        using var get = await emulator.GetAsync($"/{Tenant}/oauth2/v2.0/devicecode");

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(unknownClient), "unauthorized_client", 700016);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(unknownResource), "invalid_resource", 500011);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(noScope), "invalid_request", 900144);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(get), "invalid_request", 900561);
    }

    [Fact]
    public async Task VerificationPage_TakesTheCode_ThenAnAccount_AndApproves()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var start = await StartAsync(emulator);
        var userCode = start.GetProperty("user_code").GetString()!;

        using var enter = await emulator.GetAsync("/devicelogin");
        using var pick = await emulator.PostFormAsync("/devicelogin", new Dictionary<string, string> { ["user_code"] = userCode.ToLowerInvariant() });
        using var done = await emulator.PostFormAsync("/devicelogin", new Dictionary<string, string>
        {
            ["user_code"] = userCode,
            ["username"] = DemoDirectory.BobUserPrincipalName,
        });

        Assert.Contains("name=\"user_code\"", await EmulatorHarness.ReadTextAsync(enter), StringComparison.Ordinal);
        var picker = await EmulatorHarness.ReadTextAsync(pick);
        Assert.Contains(DemoDirectory.KubectlDisplayName, picker, StringComparison.Ordinal);
        Assert.Contains($"value=\"{DemoDirectory.AliceUserPrincipalName}\"", picker, StringComparison.Ordinal);
        Assert.Contains("name=\"decline\"", picker, StringComparison.Ordinal);
        Assert.Contains("You have signed in", await EmulatorHarness.ReadTextAsync(done), StringComparison.Ordinal);
        using var poll = await PollAsync(emulator, start.GetProperty("device_code").GetString()!);
        var access = Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(poll)).GetProperty("access_token").GetString()!);
        Assert.Equal(DemoDirectory.BobObjectId, access.Claim("oid"));
    }

    [Fact]
    public async Task Hook_ListsPendingCodes_AndRefusesAUserTheTenantDoesNotAdmit()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var userCode = (await StartAsync(emulator)).GetProperty("user_code").GetString()!;

        using var list = await emulator.GetAsync("/_emulator/devicecode");
        using var foreign = await emulator.Client.PostAsJsonAsync(
            "/_emulator/devicecode", new { userCode, user = DemoDirectory.CarolUserPrincipalName }, Ct);

        var pending = (await EmulatorHarness.ReadJsonAsync(list)).GetProperty("pending");
        Assert.Equal(userCode, pending[0].GetProperty("userCode").GetString());
        Assert.Equal(DemoDirectory.KubectlClientId, pending[0].GetProperty("clientId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task ClientCredentials_IssuesAnAppOnlyTokenForTheServerApp()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await emulator.PostFormAsync($"/{Tenant}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoDirectory.KubeServerClientId,
            ["client_secret"] = DemoDirectory.KubeServerClientSecret,
            ["scope"] = DemoDirectory.KubeServerClientId + "/.default",
        });
        using var twoScopes = await emulator.PostFormAsync($"/{Tenant}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoDirectory.KubeServerClientId,
            ["client_secret"] = DemoDirectory.KubeServerClientSecret,
            ["scope"] = DemoDirectory.KubeServerClientId + "/access_as_user",
        });

        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.False(tokens.TryGetProperty("refresh_token", out _));
        var access = Jwt.Parse(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(DemoDirectory.KubeServerClientId, access.Claim("aud"));
        Assert.Equal("app", access.Claim("idtyp"));
        Assert.False(access.Has("scp"));
        Assert.NotEqual(DemoDirectory.KubeServerClientId, access.Claim("oid"));
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(twoScopes), "invalid_scope", 70011);
    }

    private static async Task<JsonElement> StartAsync(EmulatorHarness emulator)
    {
        using var response = await emulator.PostFormAsync($"/{Tenant}/oauth2/v2.0/devicecode", new Dictionary<string, string>
        {
            ["client_id"] = DemoDirectory.KubectlClientId,
            ["scope"] = ServerScope,
        });
        return await EmulatorHarness.ReadSuccessAsync(response);
    }

    private static Task<HttpResponseMessage> PollAsync(EmulatorHarness emulator, string deviceCode, string clientId = DemoDirectory.KubectlClientId) =>
        emulator.PostFormAsync($"/{Tenant}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["client_id"] = clientId,
            ["device_code"] = deviceCode,
        });

    private static async Task ApproveAsync(EmulatorHarness emulator, string userCode, string user)
    {
        using var response = await emulator.Client.PostAsJsonAsync("/_emulator/devicecode", new { userCode, user }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
