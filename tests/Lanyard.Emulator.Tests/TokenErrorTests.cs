using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>The AADSTS errors of issue 13 at the token endpoint, in Entra's error document (entra-protocol.md §3.4, §3.5).</summary>
public sealed class TokenErrorTests
{
    [Fact]
    public async Task ErrorDocument_HasEntrasFieldsInOrder_AndEchoesTheClientRequestIdAsCorrelationId()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var correlation = Guid.NewGuid().ToString("D");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{DemoDirectory.ContosoDomain}/oauth2/v2.0/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = DemoDirectory.DevClientId,
                ["client_secret"] = "the secret's id, not its value",
                ["scope"] = "https://graph.microsoft.com/.default",
            }),
        };
        request.Headers.Add("client-request-id", correlation);

        using var response = await emulator.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        EntraErrorShape.AssertJson(body, "invalid_client", 7000215);
        Assert.Equal(
            ["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(correlation, body.GetProperty("correlation_id").GetString());
        Assert.Equal(body.GetProperty("trace_id").GetString(), response.Headers.GetValues("x-ms-request-id").Single());
    }

    [Fact]
    public async Task ScopeThatNamesNothing_IsAADSTS70011()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RefreshAsync(
            flow, tokens.GetProperty("refresh_token").GetString()!, f => f["scope"] = "openid urn:not-a-scope");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        EntraErrorShape.AssertJson(body, "invalid_scope", 70011);
        Assert.Contains("The scope 'urn:not-a-scope' does not exist.", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopeTheApiDoesNotExpose_NeedsConsent_AADSTS65001()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);

        // The Kubernetes server app exposes user_impersonation only, so nobody has consented to access_as_user.
        using var response = await emulator.RefreshAsync(
            flow, tokens.GetProperty("refresh_token").GetString()!, f => f["scope"] = $"{DemoDirectory.KubeServerIdentifierUri}/access_as_user");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await EmulatorHarness.ReadJsonAsync(response);
        EntraErrorShape.AssertJson(body, "invalid_grant", 65001);
        Assert.Equal("consent_required", body.GetProperty("suberror").GetString());
        Assert.Equal("suberror", body.EnumerateObject().Last().Name);
        Assert.Contains($"application with ID '{DemoDirectory.DevClientId}'", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopeTheApiExposes_AndDotDefault_AreConsented()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        using var exposed = await emulator.RefreshAsync(flow, refreshToken, f => f["scope"] = $"{DemoDirectory.KubeServerIdentifierUri}/user_impersonation");
        using var dotDefault = await emulator.RefreshAsync(flow, refreshToken, f => f["scope"] = $"{DemoDirectory.KubeServerClientId}/.default");

        // An API that exposes no scopes (the demo API) keeps granting any scope name it is asked for.
        using var open = await emulator.RefreshAsync(flow, refreshToken, f => f["scope"] = $"{DemoDirectory.DemoApiIdentifierUri}/anything");

        Assert.Equal("user_impersonation", Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(exposed)).GetProperty("access_token").GetString()!).Claim("scp"));
        Assert.Equal("user_impersonation", Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(dotDefault)).GetProperty("access_token").GetString()!).Claim("scp"));
        Assert.Equal("anything", Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(open)).GetProperty("access_token").GetString()!).Claim("scp"));
    }

    [Fact]
    public async Task CodeForAScopeTheApiDoesNotExpose_IsRefusedAtRedemption()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow { Scope = $"openid {DemoDirectory.KubeServerIdentifierUri}/access_as_user" };
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code);

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 65001);
    }
}
