using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary>Access, ID and refresh token lifetimes set by the operator (issue 13), and Entra's defaults without them.</summary>
public sealed class TokenLifetimeTests
{
    [Fact]
    public async Task Defaults_AreEntrasOneHourAndNinetyDays()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(3600, tokens.GetProperty("expires_in").GetInt32());
        Assert.Equal(3600, Lifetime(tokens.GetProperty("access_token").GetString()!));
        Assert.Equal(3600, Lifetime(tokens.GetProperty("id_token").GetString()!));
        Assert.Equal(TimeSpan.FromDays(90), new EntraEmulatorOptions().RefreshTokenLifetime);
    }

    [Fact]
    public async Task AccessAndIdTokenLifetimes_AreExpMinusIat_AndExpiresInFollowsTheAccessToken()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions
        {
            AccessTokenLifetime = TimeSpan.FromMinutes(90),
            IdTokenLifetime = TimeSpan.FromMinutes(20),
        });

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(5400, tokens.GetProperty("expires_in").GetInt32());
        Assert.Equal(5400, Lifetime(tokens.GetProperty("access_token").GetString()!));
        Assert.Equal(1200, Lifetime(tokens.GetProperty("id_token").GetString()!));
    }

    [Fact]
    public async Task ClientCredentialsTokens_HaveTheAccessTokenLifetime()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { AccessTokenLifetime = TimeSpan.FromMinutes(5) });

        using var response = await emulator.PostFormAsync($"/{DemoDirectory.ContosoDomain}/oauth2/v2.0/token", new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoDirectory.DevClientId,
            ["client_secret"] = DemoDirectory.DevClientSecret,
            ["scope"] = "https://graph.microsoft.com/.default",
        });

        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal(300, tokens.GetProperty("expires_in").GetInt32());
        Assert.Equal(300, Lifetime(tokens.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task RefreshToken_WorksWithinItsLifetime_AndNotAfter()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { RefreshTokenLifetime = TimeSpan.FromHours(2) });
        var flow = new CodeFlow();
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        emulator.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        using var inTime = await emulator.RefreshAsync(flow, refreshToken);
        emulator.Time.Advance(TimeSpan.FromSeconds(2));
        using var late = await emulator.RefreshAsync(flow, refreshToken);

        await EmulatorHarness.ReadSuccessAsync(inTime);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Equal("invalid_grant", (await EmulatorHarness.ReadJsonAsync(late)).GetProperty("error").GetString());
    }

    [Fact]
    public void LifetimesUnderASecond_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntraEmulatorOptions { AccessTokenLifetime = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntraEmulatorOptions { IdTokenLifetime = TimeSpan.FromMilliseconds(500) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntraEmulatorOptions { RefreshTokenLifetime = TimeSpan.FromMinutes(-1) });
    }

    private static long Lifetime(string token)
    {
        var jwt = Jwt.Parse(token);
        return jwt.Payload.GetProperty("exp").GetInt64() - jwt.Payload.GetProperty("iat").GetInt64();
    }
}
