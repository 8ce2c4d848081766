using System.Net;
using System.Net.Http.Headers;
using Lanyard.Emulator;
using Lanyard.Providers.Oidc;
using Lanyard.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// skip_jwt_bearer_tokens when the token cannot be judged: the signing key it names, or the provider's metadata,
/// could not be loaded. The proxy and forward-auth answer 503 with Retry-After, as the TokenReview webhook does
/// (KubernetesKeyAvailabilityTests), never 401 (which a client takes as "your token is bad") and never a pass; a
/// public route is still served, without the unjudged token.
/// </summary>
public sealed class BearerKeyAvailabilityTests
{
    private static string ApiScope => $"api://{LanyardTestEnvironment.ClientId}/access_as_user";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<LanyardTestEnvironment> StartAsync(TimeProvider? proxyTime = null, Action<Dictionary<string, object>>? configure = null) =>
        LanyardTestEnvironment.StartAsync(
            s =>
            {
                s["skip_jwt_bearer_tokens"] = true;
                s["oidc_extra_audiences"] = new List<string> { $"api://{LanyardTestEnvironment.ClientId}" };
                s["skip_auth_routes"] = new List<string> { "GET=^/public/" };
                configure?.Invoke(s);
            },
            proxyTime: proxyTime,
            registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });

    private static async Task<HttpResponseMessage> CallAsync(LanyardTestEnvironment env, string path, string token)
    {
        using var api = env.ApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        return await api.SendAsync(request, Cancel);
    }

    [Fact]
    public async Task AnUnknownKid_WhileTheKeySetCannotBeFetched_Is503WithRetryAfter_AndTheRetryAfterTheOutagePasses()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var env = await StartAsync(time);
        var before = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        using (var warm = await CallAsync(env, "/api/orders", before))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        // The provider rolls its key, then cannot be reached: a token under the new kid cannot be judged.
        env.Emulator.Services.GetRequiredService<SigningKeys>().Rotate();
        var rotated = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        env.Network.Unregister(LanyardTestEnvironment.EmulatorUrl);

        using (var proxied = await CallAsync(env, "/api/orders", rotated))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, proxied.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), proxied.Headers.RetryAfter?.Delta);
            var body = await proxied.Content.ReadAsStringAsync(Cancel);
            Assert.Contains("signing keys could not be loaded", body, StringComparison.Ordinal);
            Assert.DoesNotContain(rotated, body, StringComparison.Ordinal);
        }

        using (var auth = await CallAsync(env, "/oauth2/auth", rotated))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, auth.StatusCode);
        }

        // A token under a key in hand is still judged meanwhile.
        using (var known = await CallAsync(env, "/api/orders", before))
        {
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        }

        // The provider is back: the next allowed refetch finds the key.
        env.Network.Register(LanyardTestEnvironment.EmulatorUrl, env.Emulator.GetTestServer());
        time.Advance(RefreshSigningKeys.MinimumInterval);
        using var after = await CallAsync(env, "/api/orders", rotated);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task APublicRoute_IsServedWithoutTheUnjudgedToken()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var env = await StartAsync(time);
        env.Emulator.Services.GetRequiredService<SigningKeys>().Rotate();
        var rotated = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        env.Network.Unregister(LanyardTestEnvironment.EmulatorUrl);

        using var response = await CallAsync(env, "/public/page", rotated);
        var echo = EchoedRequest.Parse(await response.Content.ReadAsStringAsync(Cancel));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(echo.Header("Authorization"));
        Assert.Null(echo.Header("X-Forwarded-User"));
    }

    [Fact]
    public async Task MetadataThatCannotBeLoaded_Is503()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(
            s =>
            {
                s["skip_jwt_bearer_tokens"] = true;
                s["oidc_extra_audiences"] = new List<string> { $"api://{LanyardTestEnvironment.ClientId}" };
                s["oidc_issuer_url"] = $"https://login.unreachable.test/{DemoDirectory.ContosoTenantId}/v2.0";
            },
            registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        using var response = await CallAsync(env, "/api/orders", token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
