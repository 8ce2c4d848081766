using System.Buffers.Text;
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
