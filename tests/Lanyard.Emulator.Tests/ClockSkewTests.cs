using Lanyard.Emulator.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Lanyard.Emulator.Tests;

/// <summary><c>--clock-skew</c> (issue 13): the emulator's clock runs ahead of or behind the one it is given.</summary>
public sealed class ClockSkewTests
{
    [Theory]
    [InlineData(-10)]
    [InlineData(25)]
    public async Task Tokens_AreIssuedAtTheSkewedTime(int minutes)
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { ClockSkew = TimeSpan.FromMinutes(minutes) });
        var expected = emulator.Time.GetUtcNow().AddMinutes(minutes).ToUnixTimeSeconds();

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(expected, idToken.Payload.GetProperty("iat").GetInt64());
        Assert.Equal(expected, idToken.Payload.GetProperty("nbf").GetInt64());
        Assert.Equal(expected + 3600, idToken.Payload.GetProperty("exp").GetInt64());
        Assert.Equal(expected, Jwt.Parse(tokens.GetProperty("access_token").GetString()!).Payload.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task Skew_AddsToTheBackdateFault()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { ClockSkew = TimeSpan.FromMinutes(-10) });
        emulator.Faults.BackdateTokensSeconds = 600;
        var expected = emulator.Time.GetUtcNow().AddMinutes(-20).ToUnixTimeSeconds();

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(expected, Jwt.Parse(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task OnTheMachinesClock_TokensLookIssuedInThePast()
    {
        // No fake clock here: the skew is against the machine's own time, as `lanyard emulator --clock-skew -10m` runs.
        await using var emulator = await EmulatorHarness.StartAsync(
            options: new EntraEmulatorOptions { ClockSkew = TimeSpan.FromMinutes(-10) },
            customize: b => b.Services.AddSingleton(TimeProvider.System));
        var machineNow = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        var iat = Jwt.Parse(tokens.GetProperty("id_token").GetString()!).Payload.GetProperty("iat").GetInt64();
        Assert.InRange(iat, machineNow - 600 - 60, machineNow - 600 + 60);
    }
}
