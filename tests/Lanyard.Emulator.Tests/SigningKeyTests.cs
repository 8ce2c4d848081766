using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class SigningKeyTests
{
    [Fact]
    public async Task IdToken_IsSignedByTheActiveKey_WhichTheJwksPublishes()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);
        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);

        Assert.Equal(emulator.Keys.ActiveKeyId, idToken.KeyId);
        var jwk = (await emulator.JwksAsync()).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == idToken.KeyId);
        Assert.True(idToken.VerifiesWith(jwk));
    }

    [Fact]
    public async Task Rotate_PublishesANewSigningKey_AndKeepsTheOldOnes()
    {
        await using var emulator = await EmulatorHarness.StartAsync(ownKeys: true);
        var before = emulator.Keys.PublishedKeyIds;

        var newKid = emulator.Keys.Rotate();

        var published = (await emulator.JwksAsync()).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.DoesNotContain(newKid, before);
        Assert.Equal([newKid, .. before], published);
        Assert.Equal(newKid, emulator.Keys.ActiveKeyId);

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.BobUserPrincipalName);
        Assert.Equal(newKid, Jwt.Parse(tokens.GetProperty("id_token").GetString()!).KeyId);
    }

    [Fact]
    public async Task UnpublishedKeyFault_SignsWithAKeyTheJwksDoesNotHave()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        emulator.Faults.SignTokensWithUnpublishedKey = true;

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);
        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);

        var keys = (await emulator.JwksAsync()).GetProperty("keys").EnumerateArray().ToList();
        Assert.DoesNotContain(idToken.KeyId, keys.Select(k => k.GetProperty("kid").GetString()));
        Assert.DoesNotContain(keys, idToken.VerifiesWith);
    }
}
