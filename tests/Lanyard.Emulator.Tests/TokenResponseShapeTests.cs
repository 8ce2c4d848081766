using System.Buffers.Text;
using System.Net;
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
        Assert.Equal(["token_type", "expires_in", "ext_expires_in", "access_token"], tokens.EnumerateObject().Select(p => p.Name));
    }

    // Field by field for each grant: names in Entra's order (§3.3: the code-redemption order, which the other grants
    // keep, less what they do not issue), and types: token_type the string "Bearer", scope (where sent) a string,
    // expires_in and ext_expires_in numbers of seconds (not the v1 endpoint's strings), tokens strings, JWTs where
    // Entra's are.
    private static void AssertSuccessShape(JsonElement tokens, params string[] names)
    {
        Assert.Equal(names, tokens.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        foreach (var seconds in new[] { "expires_in", "ext_expires_in" })
        {
            Assert.Equal(JsonValueKind.Number, tokens.GetProperty(seconds).ValueKind);
            Assert.True(tokens.GetProperty(seconds).GetInt32() > 0, seconds);
        }

        Assert.Equal(tokens.GetProperty("expires_in").GetInt32(), tokens.GetProperty("ext_expires_in").GetInt32());
        foreach (var name in names.Except(["expires_in", "ext_expires_in"]))
        {
            Assert.Equal(JsonValueKind.String, tokens.GetProperty(name).ValueKind);
            Assert.NotEmpty(tokens.GetProperty(name).GetString()!);
        }

        foreach (var jwt in new[] { "access_token", "id_token" }.Where(names.Contains))
        {
            Assert.Equal(3, tokens.GetProperty(jwt).GetString()!.Split('.').Length);
        }
    }

    // Entra answers client credentials without scope: the documented success response (v2-oauth2-client-creds-grant-flow,
    // "Successful response") and recorded ones carry token_type, expires_in, ext_expires_in and access_token only.
    [Fact]
    public async Task ClientCredentials_FieldByField_WithoutScope()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await ClientCredentialsAsync(emulator, DemoDirectory.KubeServerClientSecret);

        AssertSuccessShape(await EmulatorHarness.ReadSuccessAsync(response), "token_type", "expires_in", "ext_expires_in", "access_token");
    }

    [Fact]
    public async Task OnBehalfOf_FieldByField()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.OnBehalfOfAsync(await emulator.AliceTokenForDemoApiAsync(), "https://graph.microsoft.com/User.Read offline_access");

        AssertSuccessShape(await EmulatorHarness.ReadSuccessAsync(response), "token_type", "scope", "expires_in", "ext_expires_in", "access_token", "refresh_token");
    }

    [Fact]
    public async Task DeviceCode_FieldByField()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var start = await StartDeviceCodeAsync(emulator);
        using (var approved = await emulator.Client.PostAsJsonAsync(
            "/_emulator/devicecode", new { userCode = start.GetProperty("user_code").GetString(), user = DemoDirectory.AliceUserPrincipalName }, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        using var response = await PollDeviceCodeAsync(emulator, start.GetProperty("device_code").GetString()!);

        AssertSuccessShape(await EmulatorHarness.ReadSuccessAsync(response), "token_type", "scope", "expires_in", "ext_expires_in", "access_token", "refresh_token", "id_token");
    }

    [Fact]
    public async Task RefreshToken_FieldByField()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { Scope = "openid profile offline_access User.Read" };
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RefreshAsync(flow, tokens.GetProperty("refresh_token").GetString()!);

        AssertSuccessShape(await EmulatorHarness.ReadSuccessAsync(response), "token_type", "scope", "expires_in", "ext_expires_in", "access_token", "refresh_token", "id_token");
    }

    // One AADSTS error of each grant, as a document (§3.4): Entra's fields in Entra's order and types, 400 (401 for
    // invalid_client), with the description's Trace ID / Correlation ID / Timestamp parts matching the fields.
    [Theory]
    [InlineData("authorization_code", "invalid_grant", 54005, HttpStatusCode.BadRequest)]
    [InlineData("refresh_token", "invalid_grant", 70000, HttpStatusCode.BadRequest)]
    [InlineData("client_credentials", "invalid_client", 7000215, HttpStatusCode.Unauthorized)]
    [InlineData("on_behalf_of", "invalid_grant", 50013, HttpStatusCode.BadRequest)]
    [InlineData("device_code", "authorization_pending", 70016, HttpStatusCode.BadRequest)]
    public async Task AnAadstsErrorOfEachGrant_IsEntrasErrorDocument(string grant, string error, int code, HttpStatusCode status)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var response = await FailingRequestAsync(emulator, grant);

        Assert.Equal(status, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        Assert.Equal(
            ["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("error_codes").ValueKind);
        Assert.All(body.GetProperty("error_codes").EnumerateArray(), c => Assert.Equal(JsonValueKind.Number, c.ValueKind));
        EntraErrorShape.AssertJson(body, error, code);
    }

    private static async Task<HttpResponseMessage> FailingRequestAsync(EmulatorHarness emulator, string grant)
    {
        switch (grant)
        {
            case "authorization_code":
                var flow = new CodeFlow();
                var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
                (await emulator.RedeemAsync(flow, code)).Dispose();
                return await emulator.RedeemAsync(flow, code);
            case "refresh_token":
                return await emulator.RefreshAsync(new CodeFlow(), "made-up");
            case "client_credentials":
                return await ClientCredentialsAsync(emulator, "not-the-secret");
            case "on_behalf_of":
                return await emulator.OnBehalfOfAsync(await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName), "User.Read");
            default:
                return await PollDeviceCodeAsync(emulator, (await StartDeviceCodeAsync(emulator)).GetProperty("device_code").GetString()!);
        }
    }

    private static Task<HttpResponseMessage> ClientCredentialsAsync(EmulatorHarness emulator, string secret) =>
        emulator.PostFormAsync($"/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoDirectory.KubeServerClientId,
            ["client_secret"] = secret,
            ["scope"] = DemoDirectory.DemoApiIdentifierUri + "/.default",
        });

    private static async Task<JsonElement> StartDeviceCodeAsync(EmulatorHarness emulator)
    {
        using var response = await emulator.PostFormAsync($"/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/devicecode", new Dictionary<string, string>
        {
            ["client_id"] = DemoDirectory.KubectlClientId,
            ["scope"] = DemoDirectory.KubeServerClientId + "/.default offline_access openid profile",
        });
        return await EmulatorHarness.ReadSuccessAsync(response);
    }

    private static Task<HttpResponseMessage> PollDeviceCodeAsync(EmulatorHarness emulator, string deviceCode) =>
        emulator.PostFormAsync($"/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["client_id"] = DemoDirectory.KubectlClientId,
            ["device_code"] = deviceCode,
        });

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
