using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class GroupOverageTests
{
    private static readonly string ExpectedEndpoint =
        $"https://graph.windows.net/{DemoDirectory.ContosoTenantId}/users/{DemoDirectory.ErinObjectId}/getMemberObjects";

    [Fact]
    public async Task Erin_GetsTheOverageIndicator_InsteadOfGroups_InIdAndAccessTokens()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Scope = "openid profile User.Read" }, DemoDirectory.ErinUserPrincipalName);

        foreach (var name in new[] { "id_token", "access_token" })
        {
            var token = Jwt.Parse(tokens.GetProperty(name).GetString()!);
            Assert.False(token.Has("groups"), $"{name} must not carry groups above the limit");
            AssertOverage(token);
        }
    }

    [Fact]
    public async Task Alice_KeepsTheGroupsClaim_AndHasNoIndicator()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        foreach (var name in new[] { "id_token", "access_token" })
        {
            var token = Jwt.Parse(tokens.GetProperty(name).GetString()!);
            Assert.Equal([DemoDirectory.AdminsGroupId], token.ClaimArray("groups"));
            Assert.False(token.Has("_claim_names"));
            Assert.False(token.Has("_claim_sources"));
        }
    }

    [Fact]
    public async Task RefreshedTokens_StillCarryTheIndicator()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = new CodeFlow();
        var tokens = await emulator.SignInAndRedeemAsync(flow, DemoDirectory.ErinUserPrincipalName);

        using var refreshed = await emulator.RefreshAsync(flow, tokens.GetProperty("refresh_token").GetString()!);

        var idToken = Jwt.Parse((await EmulatorHarness.ReadSuccessAsync(refreshed)).GetProperty("id_token").GetString()!);
        Assert.False(idToken.Has("groups"));
        AssertOverage(idToken);
    }

    [Theory]
    [InlineData(250, false)]
    [InlineData(249, true)]
    public async Task TheLimitIsConfigurable_AndAUserAtTheLimitKeepsGroups(int limit, bool overage)
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { GroupOverageLimit = limit });

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.ErinUserPrincipalName);

        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(overage, idToken.Has("_claim_names"));
        Assert.Equal(!overage, idToken.Has("groups"));
        if (!overage)
        {
            Assert.Equal(DemoDirectory.ErinGroupIds, idToken.ClaimArray("groups"));
        }
    }

    [Fact]
    public void NegativeLimit_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntraEmulatorOptions { GroupOverageLimit = -1 });

    private static void AssertOverage(Jwt token)
    {
        Assert.Equal("src1", token.Payload.GetProperty("_claim_names").GetProperty("groups").GetString());
        var sources = token.Payload.GetProperty("_claim_sources");
        Assert.Equal(JsonValueKind.Object, sources.ValueKind);
        Assert.Equal(ExpectedEndpoint, sources.GetProperty("src1").GetProperty("endpoint").GetString());
    }
}
