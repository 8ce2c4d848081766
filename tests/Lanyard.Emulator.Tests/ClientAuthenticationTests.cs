using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class ClientAuthenticationTests
{
    [Fact]
    public async Task WrongSecret_Is401InvalidClient_InEntrasErrorShape()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow with { ClientSecret = "not-the-secret" }, code);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("no-store, no-cache", response.Headers.CacheControl!.ToString());
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        var body = await EmulatorHarness.ReadJsonAsync(response);
        EntraErrorShape.AssertJson(body, "invalid_client", 7000215);
        Assert.Contains(DemoDirectory.DevClientId, body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSecret_Is401InvalidClient()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f => f.Remove("client_secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_client", 7000218);
    }

    [Fact]
    public async Task UnknownClient_Is400UnauthorizedClient()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.RedeemAsync(new CodeFlow { ClientId = Guid.NewGuid().ToString() }, "whatever");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "unauthorized_client", 700016);
    }

    [Fact]
    public async Task FailedClientAuthentication_LeavesTheCodeUnused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        using var refused = await emulator.RedeemAsync(flow with { ClientSecret = "wrong" }, code);

        using var response = await emulator.RedeemAsync(flow, code);

        await EmulatorHarness.ReadSuccessAsync(response);
    }

    [Fact]
    public async Task ClientSecretBasic_Works_WithUrlEncodedCredentials()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        const string Secret = "p@ss:w/rd+ 1%";
        var app = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = DemoDirectory.ContosoTenantId,
            RedirectUris = ["https://proxy.test/oauth2/callback"],
            ClientSecrets = [Secret],
        });
        var flow = new CodeFlow { ClientId = app.ClientId, RedirectUri = "https://proxy.test/oauth2/callback" };
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        var form = flow.RedeemParameters(code);
        form.Remove("client_id");
        form.Remove("client_secret");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{flow.Tenant}/oauth2/v2.0/token") { Content = new FormUrlEncodedContent(form) };
        var credentials = $"{Uri.EscapeDataString(app.ClientId)}:{Uri.EscapeDataString(Secret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        using var response = await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);

        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal(app.ClientId, Jwt.Parse(tokens.GetProperty("id_token").GetString()!).Claim("aud"));
    }

    [Fact]
    public async Task BasicWithAWrongSecret_Is401()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        var form = flow.RedeemParameters(code);
        form.Remove("client_secret");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{flow.Tenant}/oauth2/v2.0/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{flow.ClientId}:nope")));

        using var response = await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_client", 7000215);
    }

    [Fact]
    public async Task BasicAndBodySecretTogether_AreRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{flow.Tenant}/oauth2/v2.0/token") { Content = new FormUrlEncodedContent(flow.RedeemParameters(code)) };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{flow.ClientId}:{flow.ClientSecret}")));

        using var response = await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_request", 9002313);
    }

    [Fact]
    public async Task ClientRequestId_IsEchoedAsTheCorrelationId()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var correlation = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/common/oauth2/v2.0/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code" }),
        };
        request.Headers.Add("client-request-id", correlation);

        using var response = await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);

        var body = await EmulatorHarness.ReadJsonAsync(response);
        EntraErrorShape.AssertJson(body, "invalid_request", 900144);
        Assert.Equal(correlation, body.GetProperty("correlation_id").GetString());
    }
}
