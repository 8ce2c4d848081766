using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>The token endpoint's success body, field by field (entra-protocol.md §3.3), and MSAL's <c>client_info</c>.</summary>
public sealed class TokenResponseShapeTests
{
    [Fact]
    public async Task CodeRedemption_HasEntrasFields_InEntrasOrder()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { Scope = "openid profile email offline_access User.Read" };
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f => f["client_info"] = "1");

        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal(
            ["token_type", "scope", "expires_in", "ext_expires_in", "access_token", "refresh_token", "id_token", "client_info"],
            tokens.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(JsonValueKind.Number, tokens.GetProperty("ext_expires_in").ValueKind);
        Assert.Equal(tokens.GetProperty("expires_in").GetInt32(), tokens.GetProperty("ext_expires_in").GetInt32());
        Assert.True(Guid.TryParse(response.Headers.GetValues("x-ms-request-id").Single(), out _));
    }

    [Fact]
    public async Task WithoutClientInfoParameter_ThereIsNoClientInfo()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        Assert.False(tokens.TryGetProperty("client_info", out _));
    }

    [Fact]
    public async Task ClientInfo_OfAWorkAccount_IsItsObjectIdAndTenant()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var clientInfo = await ClientInfoAsync(emulator, new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(DemoDirectory.AliceObjectId, clientInfo.GetProperty("uid").GetString());
        Assert.Equal(DemoDirectory.ContosoTenantId, clientInfo.GetProperty("utid").GetString());
    }

    [Fact]
    public async Task ClientInfo_OfAPersonalAccount_NamesTheConsumerTenant()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var clientInfo = await ClientInfoAsync(emulator, new CodeFlow { Tenant = "consumers" }, DemoDirectory.DaveUserPrincipalName);

        Assert.Equal(DemoDirectory.DaveObjectId, clientInfo.GetProperty("uid").GetString());
        Assert.Equal("9188040d-6c67-4c5b-b112-36a304b66dad", clientInfo.GetProperty("utid").GetString());
    }

    [Fact]
    public async Task ClientInfo_OfAGuest_NamesTheHomeAccount()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        // MSAL's home account id is the account in its home tenant, whichever tenant the guest signed in to.
        var clientInfo = await ClientInfoAsync(emulator, new CodeFlow(), DemoDirectory.CarolGuestUserPrincipalName);

        Assert.Equal(DemoDirectory.CarolObjectId, clientInfo.GetProperty("uid").GetString());
        Assert.Equal(DemoDirectory.FabrikamTenantId, clientInfo.GetProperty("utid").GetString());
    }

    [Fact]
    public async Task ClientInfo_ComesBackOnRefreshToo()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RefreshAsync(flow, tokens.GetProperty("refresh_token").GetString()!, f => f["client_info"] = "1");

        var refreshed = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal(DemoDirectory.AliceObjectId, Decode(refreshed.GetProperty("client_info").GetString()!).GetProperty("uid").GetString());
    }

    [Fact]
    public async Task ClientCredentials_HaveNoAccount_SoNoClientInfo()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.PostFormAsync($"/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoDirectory.DevClientId,
            ["client_secret"] = DemoDirectory.DevClientSecret,
            ["scope"] = "https://graph.microsoft.com/.default",
            ["client_info"] = "1",
        });

        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal(["token_type", "scope", "expires_in", "ext_expires_in", "access_token"], tokens.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Refresh_HasEntrasFields_InEntrasOrder()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RefreshAsync(flow, tokens.GetProperty("refresh_token").GetString()!);

        AssertUserTokens(await EmulatorHarness.ReadSuccessAsync(response), withIdToken: true);
    }

    [Fact]
    public async Task OnBehalfOf_HasEntrasFields_InEntrasOrder()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var user = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = $"openid {DemoDirectory.DemoApiScope}" }, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.PostFormAsync($"/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ["client_id"] = DemoDirectory.DemoApiClientId,
            ["client_secret"] = DemoDirectory.DemoApiClientSecret,
            ["assertion"] = user.GetProperty("access_token").GetString()!,
            ["requested_token_use"] = "on_behalf_of",
            ["scope"] = "https://graph.microsoft.com/User.Read offline_access",
        });

        // No ID token: OBO signs nobody in to the middle tier.
        AssertUserTokens(await EmulatorHarness.ReadSuccessAsync(response), withIdToken: false);
    }

    [Fact]
    public async Task DeviceCode_HasEntrasFields_InEntrasOrder()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tenant = DemoDirectory.ContosoTenantId;
        using var started = await emulator.PostFormAsync($"/{tenant}/oauth2/v2.0/devicecode", new Dictionary<string, string>
        {
            ["client_id"] = DemoDirectory.KubectlClientId,
            ["scope"] = DemoDirectory.KubeServerClientId + "/.default offline_access openid profile",
        });
        var device = await EmulatorHarness.ReadSuccessAsync(started);
        Assert.Equal(
            ["user_code", "device_code", "verification_uri", "expires_in", "interval", "message"],
            device.EnumerateObject().Select(p => p.Name));
        using (var approved = await emulator.Client.PostAsJsonAsync(
            "/_emulator/devicecode", new { userCode = device.GetProperty("user_code").GetString(), user = DemoDirectory.AliceUserPrincipalName }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, approved.StatusCode);
        }

        using var response = await emulator.PostFormAsync($"/{tenant}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["client_id"] = DemoDirectory.KubectlClientId,
            ["device_code"] = device.GetProperty("device_code").GetString()!,
        });

        AssertUserTokens(await EmulatorHarness.ReadSuccessAsync(response), withIdToken: true);
    }

    /// <summary>A user's tokens as Entra answers them (§3.3): the same fields and order for every grant that has a user.</summary>
    private static void AssertUserTokens(JsonElement tokens, bool withIdToken)
    {
        string[] fields = ["token_type", "scope", "expires_in", "ext_expires_in", "access_token", "refresh_token", "id_token"];
        Assert.Equal(withIdToken ? fields : fields[..^1], tokens.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(JsonValueKind.String, tokens.GetProperty("scope").ValueKind);
        Assert.Equal(JsonValueKind.Number, tokens.GetProperty("expires_in").ValueKind);
        Assert.Equal(JsonValueKind.Number, tokens.GetProperty("ext_expires_in").ValueKind);
        Assert.Equal(3, tokens.GetProperty("access_token").GetString()!.Split('.').Length);
    }

    private static async Task<JsonElement> ClientInfoAsync(EmulatorHarness emulator, CodeFlow flow, string user)
    {
        var code = await emulator.SignInAsync(flow, user);
        using var response = await emulator.RedeemAsync(flow, code, f => f["client_info"] = "1");
        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        return Decode(tokens.GetProperty("client_info").GetString()!);
    }

    // base64url without padding, as MSAL decodes it; exactly the two members MSAL reads.
    private static JsonElement Decode(string clientInfo)
    {
        Assert.DoesNotContain('=', clientInfo);
        var json = JsonDocument.Parse(Base64Url.DecodeFromChars(clientInfo)).RootElement.Clone();
        Assert.Equal(["uid", "utid"], json.EnumerateObject().Select(p => p.Name));
        return json;
    }
}
