using System.Net;
using System.Text;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class OperatorApiTests
{
    [Fact]
    public async Task RotatingKeys_MakesANewKeyActive_AndKeepsPublishingTheOldOnes()
    {
        await using var emulator = await EmulatorHarness.StartAsync(ownKeys: true);
        var before = emulator.Keys.PublishedKeyIds;

        using var response = await emulator.Client.PostAsync("/_emulator/keys/rotate", content: null, TestContext.Current.CancellationToken);

        var body = await EmulatorHarness.ReadSuccessAsync(response);
        var kid = body.GetProperty("kid").GetString()!;
        Assert.DoesNotContain(kid, before);
        Assert.Equal(kid, emulator.Keys.ActiveKeyId);
        var published = (await emulator.JwksAsync()).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.Contains(kid, published);
        Assert.All(before, old => Assert.Contains(old, published));
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);
        Assert.Equal(kid, Jwt.Parse(tokens.GetProperty("id_token").GetString()!).KeyId);
    }

    [Fact]
    public async Task Faults_CanBeReadAndSet_AsJson()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var initial = await emulator.GetAsync("/_emulator/faults");
        using var set = await emulator.Client.PostAsync(
            "/_emulator/faults", Json("""{ "graphThrottleResponses": 3, "strictRefreshTokenRotation": true }"""), TestContext.Current.CancellationToken);

        var before = await EmulatorHarness.ReadSuccessAsync(initial);
        Assert.Equal(
            ["signTokensWithUnpublishedKey", "corruptTokenSignatures", "strictRefreshTokenRotation", "graphThrottleResponses", "graphUnavailable", "revokeRefreshTokens", "tokenEndpointDelayMilliseconds", "backdateTokensSeconds"],
            before.EnumerateObject().Select(p => p.Name));
        Assert.False(before.GetProperty("strictRefreshTokenRotation").GetBoolean());
        var after = await EmulatorHarness.ReadSuccessAsync(set);
        Assert.Equal(3, after.GetProperty("graphThrottleResponses").GetInt32());
        Assert.True(after.GetProperty("strictRefreshTokenRotation").GetBoolean());
        Assert.Equal(3, emulator.Faults.GraphThrottleResponses);
        Assert.True(emulator.Faults.StrictRefreshTokenRotation);
        Assert.False(emulator.Faults.GraphUnavailable);
    }

    [Theory]
    [InlineData("""{ "graphUnavailable": true, "graphUnavaliable": true }""")]
    [InlineData("""{ "graphUnavailable": true, "graphThrottleResponses": -1 }""")]
    [InlineData("""{ "graphUnavailable": "yes" }""")]
    [InlineData("""[ true ]""")]
    [InlineData("""not json""")]
    public async Task AnInvalidFaultsRequest_Is400_AndChangesNothing(string json)
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.Client.PostAsync("/_emulator/faults", Json(json), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(emulator.Faults.GraphUnavailable);
    }

    [Fact]
    public async Task Stats_CountRedemptions()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);
        using var refreshed = await emulator.RefreshAsync(flow, tokens.GetProperty("refresh_token").GetString()!);

        using var response = await emulator.GetAsync("/_emulator/stats");

        var stats = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal(1, stats.GetProperty("authorizationCodeRedemptions").GetInt64());
        Assert.Equal(1, stats.GetProperty("refreshTokenRedemptions").GetInt64());
        Assert.Equal(0, stats.GetProperty("graphRequests").GetInt64());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
