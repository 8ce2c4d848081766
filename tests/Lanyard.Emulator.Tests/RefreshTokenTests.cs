using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class RefreshTokenTests
{
    [Fact]
    public async Task RefreshToken_RotatesOnEveryUse_AndTheNewOneWorks()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var first = (await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName)).GetProperty("refresh_token").GetString()!;

        using var refreshed = await emulator.RefreshAsync(flow, first);
        var second = (await EmulatorHarness.ReadSuccessAsync(refreshed)).GetProperty("refresh_token").GetString()!;
        using var again = await emulator.RefreshAsync(flow, second);
        var third = (await EmulatorHarness.ReadSuccessAsync(again)).GetProperty("refresh_token").GetString()!;

        Assert.NotEqual(first, second);
        Assert.NotEqual(second, third);
    }

    [Fact]
    public async Task EverySuccessfulRedemption_IsCounted_AndRefusalsAreNot()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var first = (await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName)).GetProperty("refresh_token").GetString()!;

        using var once = await emulator.RefreshAsync(flow, first);
        using var twice = await emulator.RefreshAsync(flow, first);
        using var refused = await emulator.RefreshAsync(flow, "made-up");

        Assert.Equal(2, emulator.Statistics.RefreshTokenRedemptions);
    }

    [Fact]
    public async Task OldRefreshToken_StaysValid_AsInEntra()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var first = (await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName)).GetProperty("refresh_token").GetString()!;
        using var refreshed = await emulator.RefreshAsync(flow, first);
        await EmulatorHarness.ReadSuccessAsync(refreshed);

        using var reused = await emulator.RefreshAsync(flow, first);

        await EmulatorHarness.ReadSuccessAsync(reused);
    }

    [Fact]
    public async Task StrictRotation_RejectsARefreshTokenUsedBefore()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        emulator.Faults.StrictRefreshTokenRotation = true;
        var flow = new CodeFlow();
        var first = (await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName)).GetProperty("refresh_token").GetString()!;
        using var refreshed = await emulator.RefreshAsync(flow, first);
        var second = (await EmulatorHarness.ReadSuccessAsync(refreshed)).GetProperty("refresh_token").GetString()!;

        using var reused = await emulator.RefreshAsync(flow, first);
        using var newest = await emulator.RefreshAsync(flow, second);

        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(reused), "invalid_grant", 70000);
        await EmulatorHarness.ReadSuccessAsync(newest);
    }

    [Fact]
    public async Task RevokedSessions_RefuseEveryRefreshToken_WithEntrasRevocationError()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var token = (await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName)).GetProperty("refresh_token").GetString()!;

        emulator.Faults.RevokeRefreshTokens = true;
        using var refused = await emulator.RefreshAsync(flow, token);
        emulator.Faults.RevokeRefreshTokens = false;
        using var allowed = await emulator.RefreshAsync(flow, token);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(refused), "invalid_grant", 50173);
        await EmulatorHarness.ReadSuccessAsync(allowed);
    }

    [Fact]
    public async Task IdTokenFromRefresh_HasNoNonce_ButTheSameUser()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);
        var original = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);

        emulator.Time.Advance(TimeSpan.FromMinutes(55));
        using var refreshed = await emulator.RefreshAsync(flow, tokens.GetProperty("refresh_token").GetString()!);
        var idToken = Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(refreshed)).GetProperty("id_token").GetString()!);

        Assert.False(idToken.Has("nonce"));
        Assert.Equal(original.Claim("sub"), idToken.Claim("sub"));
        Assert.Equal(original.Claim("sid"), idToken.Claim("sid"));
        Assert.Equal(original.Claim("iss"), idToken.Claim("iss"));
        Assert.Equal(emulator.Time.GetUtcNow().ToUnixTimeSeconds(), idToken.Payload.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task RefreshTokenOfAnotherClient_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var other = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = DemoDirectory.ContosoTenantId,
            ClientSecrets = ["other-secret"],
        });
        var flow = new CodeFlow();
        var refreshToken = (await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName)).GetProperty("refresh_token").GetString()!;

        using var response = await emulator.RefreshAsync(flow with { ClientId = other.ClientId, ClientSecret = "other-secret" }, refreshToken);

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 70000);
    }

    [Fact]
    public async Task RefreshTokenOlderThan90Days_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var refreshToken = (await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName)).GetProperty("refresh_token").GetString()!;

        emulator.Time.Advance(TimeSpan.FromDays(91));
        using var response = await emulator.RefreshAsync(flow, refreshToken);

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 700082);
    }

    [Fact]
    public async Task UnknownRefreshToken_IsRejected()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.RefreshAsync(new CodeFlow(), "made-up");

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_grant", 70000);
    }
}
