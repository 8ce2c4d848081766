using Lanyard.Emulator;
using Lanyard.Kubernetes;
using Lanyard.Providers.Oidc;
using Lanyard.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// The TokenReview webhook when it cannot tell: the provider's metadata, or a signing key the token names, could
/// not be loaded. That is a 503 the API server retries (TokenReviewEndpoint sends an Unavailable verdict's status),
/// never 200 "not authenticated", which a client takes as final, and never a user.
/// </summary>
public sealed class KubernetesKeyAvailabilityTests
{
    private static string ApiScope => $"api://{LanyardTestEnvironment.ClientId}/access_as_user";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<TokenReviewVerdict> ReviewAsync(LanyardTestEnvironment env, string token) =>
        env.Proxy.Services.GetRequiredService<KubernetesTokenReviewer>().ReviewAsync(token, null, Cancel);

    [Fact]
    public async Task AnUnknownKid_WhileTheKeySetCannotBeFetched_IsA503_AndTheRetryAfterTheOutageAuthenticates()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var env = await LanyardTestEnvironment.StartAsync(proxyTime: time, registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });
        // The metadata and keys are cached: a review with the current key needs no fetch.
        var before = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, before));

        // The provider rolls its key and then cannot be reached: a token under the new kid cannot be judged.
        env.Emulator.Services.GetRequiredService<SigningKeys>().Rotate();
        var rotated = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        env.Network.Unregister(LanyardTestEnvironment.EmulatorUrl);

        var down = Assert.IsType<TokenReviewVerdict.Unavailable>(await ReviewAsync(env, rotated));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, down.Status);
        Assert.Contains("signing keys could not be loaded", down.Reason, StringComparison.Ordinal);

        // The API server's retry within the refetch interval: still unknown, still a 503, not a "no".
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, Assert.IsType<TokenReviewVerdict.Unavailable>(await ReviewAsync(env, rotated)).Status);

        // A token under a key in hand is still judged meanwhile.
        Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, before));

        // The provider is back: the next allowed refetch finds the key.
        env.Network.Register(LanyardTestEnvironment.EmulatorUrl, env.Emulator.GetTestServer());
        time.Advance(RefreshSigningKeys.MinimumInterval);
        var user = Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, rotated)).User;
        Assert.Equal(DemoDirectory.AliceObjectId, user.Uid);
    }

    [Fact]
    public async Task AnUnknownKid_AfterAGoodRefetch_IsStillRefused()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var env = await LanyardTestEnvironment.StartAsync(proxyTime: time, registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });
        env.EmulatorFaults.SignTokensWithUnpublishedKey = true;
        var unpublished = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        // The key set was fetched and lacks the key: a final answer, at once and on the retry the rate limit skips.
        Assert.IsType<TokenReviewVerdict.Refused>(await ReviewAsync(env, unpublished));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.IsType<TokenReviewVerdict.Refused>(await ReviewAsync(env, unpublished));
    }

    [Fact]
    public async Task MetadataThatCannotBeLoaded_IsA503()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(
            s => s["oidc_issuer_url"] = $"https://login.unreachable.test/{DemoDirectory.ContosoTenantId}/v2.0",
            registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        var down = Assert.IsType<TokenReviewVerdict.Unavailable>(await ReviewAsync(env, token));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, down.Status);
        Assert.Contains("metadata and keys could not be loaded", down.Reason, StringComparison.Ordinal);
    }
}
