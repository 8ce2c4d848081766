using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>
/// The UserInfo endpoint discovery advertises (entra-protocol.md §1.7): the Graph access token from sign-in gets the
/// user's sub (the ID token's), name, picture and, with the email scope, email; nothing else, and only for a user.
/// </summary>
public sealed class UserInfoTests
{
    private const string UserInfo = "/oidc/userinfo";

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task TheGraphTokenFromSignIn_GetsTheIdTokensSubject_NamePictureAndEmail(string method)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = "openid profile email User.Read" }, DemoDirectory.AliceUserPrincipalName);
        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);

        using var response = await emulator.GraphAsync(UserInfo, tokens.GetProperty("access_token").GetString(), new HttpMethod(method));
        var info = await EmulatorHarness.ReadSuccessAsync(response);

        Assert.Equal(["sub", "name", "picture", "email"], info.EnumerateObject().Select(p => p.Name));
        Assert.Equal(idToken.Claim("sub"), info.GetProperty("sub").GetString());
        Assert.Equal(DemoDirectory.AliceDisplayName, info.GetProperty("name").GetString());
        Assert.Equal(idToken.Claim("email"), info.GetProperty("email").GetString());
        Assert.Equal($"{EmulatorHarness.Authority}/v1.0/me/photo/$value", info.GetProperty("picture").GetString());
    }

    [Fact]
    public async Task WithoutTheEmailScope_ThereIsNoEmail()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName, "openid profile User.Read");

        using var response = await emulator.GraphAsync(UserInfo, token);

        Assert.False((await EmulatorHarness.ReadSuccessAsync(response)).TryGetProperty("email", out _));
    }

    [Fact]
    public async Task NoToken_AnIdToken_AndAnAppOnlyToken_AreRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = "openid profile User.Read" }, DemoDirectory.AliceUserPrincipalName);
        using var appOnlyResponse = await emulator.PostFormAsync($"/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoDirectory.KubeServerClientId,
            ["client_secret"] = DemoDirectory.KubeServerClientSecret,
            ["scope"] = "https://graph.microsoft.com/.default",
        });
        var appOnly = (await EmulatorHarness.ReadSuccessAsync(appOnlyResponse)).GetProperty("access_token").GetString();

        using var none = await emulator.GraphAsync(UserInfo, accessToken: null);
        using var idToken = await emulator.GraphAsync(UserInfo, tokens.GetProperty("id_token").GetString());
        using var app = await emulator.GraphAsync(UserInfo, appOnly);

        await GraphErrorShape.AssertAsync(none, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        await GraphErrorShape.AssertAsync(idToken, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        await GraphErrorShape.AssertAsync(app, HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task AGraphTokenWithoutOpenId_Is403()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName, "User.Read");

        using var response = await emulator.GraphAsync(UserInfo, token);

        Assert.DoesNotContain("openid", Jwt.Parse(token).Claim("scp").Split(' '));
        await GraphErrorShape.AssertAsync(response, HttpStatusCode.Forbidden, "Authorization_RequestDenied");
    }

    // Entra serves UserInfo on Graph's host, so Graph's outages and throttling reach it as they reach /v1.0 (§5.3).
    [Fact]
    public async Task WhileGraphIsUnavailable_UserInfoAnswersAsV1Does_503WithRetryAfter()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);
        emulator.Faults.GraphUnavailable = true;

        using var graph = await emulator.GraphAsync("/v1.0/me", token);
        using var userInfo = await emulator.GraphAsync(UserInfo, token);

        await AssertSameGraphErrorAsync(graph, userInfo, HttpStatusCode.ServiceUnavailable, "serviceNotAvailable");
        Assert.Equal(0, emulator.Statistics.GraphRequests);
    }

    [Fact]
    public async Task WhileGraphThrottles_UserInfoAnswersAsV1Does_429WithRetryAfter_AndTakesOneOfTheThrottledResponses()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);
        emulator.Faults.GraphThrottleResponses = 2;

        using var graph = await emulator.GraphAsync("/v1.0/me", token);
        using var userInfo = await emulator.GraphAsync(UserInfo, token);
        var left = emulator.Faults.GraphThrottleResponses;
        using var afterwards = await emulator.GraphAsync(UserInfo, token);

        await AssertSameGraphErrorAsync(graph, userInfo, HttpStatusCode.TooManyRequests, "TooManyRequests");
        Assert.Equal(0, left);
        await EmulatorHarness.ReadSuccessAsync(afterwards);
    }

    [Fact]
    public async Task AnsweredRequests_AreCountedAsGraphRequests_RefusedAndFaultedOnesAreNot()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName);

        using var ok = await emulator.GraphAsync(UserInfo, token);
        using var refused = await emulator.GraphAsync(UserInfo, accessToken: null);
        emulator.Faults.GraphThrottleResponses = 1;
        using var throttled = await emulator.GraphAsync(UserInfo, token);
        emulator.Faults.GraphUnavailable = true;
        using var unavailable = await emulator.GraphAsync(UserInfo, token);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable],
            new[] { ok, refused, throttled, unavailable }.Select(r => r.StatusCode));
        Assert.Equal(1, emulator.Statistics.GraphRequests);
    }

    // Same status, Graph's envelope with the same code and message, the same Retry-After, and the same response
    // headers by name (request-id, client-request-id, Retry-After, content type) on both.
    private static async Task AssertSameGraphErrorAsync(HttpResponseMessage graph, HttpResponseMessage userInfo, HttpStatusCode status, string code)
    {
        var graphError = await GraphErrorShape.AssertAsync(graph, status, code);
        var userInfoError = await GraphErrorShape.AssertAsync(userInfo, status, code);
        Assert.Equal(graphError.GetProperty("message").GetString(), userInfoError.GetProperty("message").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), graph.Headers.RetryAfter?.Delta);
        Assert.Equal(TimeSpan.FromSeconds(1), userInfo.Headers.RetryAfter?.Delta);
        Assert.Equal(HeaderNames(graph), HeaderNames(userInfo));
        Assert.Equal(graph.Content.Headers.ContentType, userInfo.Content.Headers.ContentType);
    }

    private static List<string> HeaderNames(HttpResponseMessage response) =>
        [.. response.Headers.Select(h => h.Key).Order(StringComparer.OrdinalIgnoreCase)];
}
