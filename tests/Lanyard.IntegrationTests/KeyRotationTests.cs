using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lanyard.IntegrationTests;

/// <summary>The provider rolls its signing key: the proxy fetches the new key set on the unknown kid, no restart.</summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task NewSigningKey_IsPickedUpWithoutARestart()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var alice = env.Browser();
        Assert.Equal(HttpStatusCode.OK, (await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);

        env.Emulator.Services.GetRequiredService<SigningKeys>().Rotate();
        using var bob = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await bob.SignInAsync(DemoDirectory.BobUserPrincipalName)).StatusCode);
    }
}
