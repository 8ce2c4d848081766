using System.Net;
using System.Security.Cryptography;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.IntegrationTests;

/// <summary>
/// The provider rolls its signing key: the proxy fetches the new key set on the unknown kid, no restart. Issue 9,
/// finding 7: nobody can spend that refetch. A bearer token may cause one only when it looks like the provider's
/// and none happened in the last 30 s; a sign-in always gets one.
/// </summary>
public sealed class KeyRotationTests
{
    private static string ContosoIssuer => $"{LanyardTestEnvironment.EmulatorUrl.GetLeftPart(UriPartial.Authority)}/{DemoDirectory.ContosoTenantId}/v2.0";

    private static string ApiScope => $"api://{LanyardTestEnvironment.ClientId}/access_as_user";

    private static Task<LanyardTestEnvironment> StartAsync(FakeTimeProvider? proxyTime = null) =>
        LanyardTestEnvironment.StartAsync(
            s =>
            {
                s["skip_jwt_bearer_tokens"] = true;
                s["oidc_extra_audiences"] = new List<string> { $"api://{LanyardTestEnvironment.ClientId}" };
            },
            proxyTime: proxyTime,
            registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });

    /// <summary>An attacker's token: signed with a key of their own under a made-up kid, claiming <paramref name="issuer"/>.</summary>
    private static string Forged(string issuer)
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = "attacker-" + Guid.NewGuid().ToString("N") };
        var now = DateTimeOffset.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = LanyardTestEnvironment.ClientId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddHours(1).UtcDateTime,
            Claims = new Dictionary<string, object> { ["tid"] = DemoDirectory.ContosoTenantId, ["ver"] = "2.0", ["scp"] = "access_as_user", ["azp"] = "x", ["sub"] = "mallory" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }


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

    [Fact]
    public async Task AnAttackersUnknownKid_DoesNotStopSignInsAfterTheNextRotation()
    {
        await using var env = await StartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await env.AuthStatusWithBearerAsync(Forged(ContosoIssuer), TestContext.Current.CancellationToken));

        env.Emulator.Services.GetRequiredService<SigningKeys>().Rotate();
        using var bob = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await bob.SignInAsync(DemoDirectory.BobUserPrincipalName)).StatusCode);
    }

    [Fact]
    public async Task AfterAnAttackersRefetch_BearerTokensWithTheNewKey_PassWithinThirtySeconds()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var env = await StartAsync(time);
        Assert.Equal(HttpStatusCode.Unauthorized, await env.AuthStatusWithBearerAsync(Forged(ContosoIssuer), TestContext.Current.CancellationToken));
        env.Emulator.Services.GetRequiredService<SigningKeys>().Rotate();
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        var soon = await env.AuthStatusWithBearerAsync(token, TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(31));
        var later = await env.AuthStatusWithBearerAsync(token, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, soon); // the attacker's refetch was less than 30 s ago
        Assert.Equal(HttpStatusCode.Accepted, later);
    }

    [Theory]
    [InlineData("https://evil.test/{tid}/v2.0")]
    [InlineData("https://login.emulator.test/00000000-0000-0000-0000-000000000001/v2.0")]
    public async Task AnImplausibleTokensUnknownKid_CausesNoRefetch(string issuer)
    {
        await using var env = await StartAsync(new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        await env.AuthStatusWithBearerAsync(Forged(issuer.Replace("{tid}", DemoDirectory.ContosoTenantId, StringComparison.Ordinal)), TestContext.Current.CancellationToken);
        env.Emulator.Services.GetRequiredService<SigningKeys>().Rotate();
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        Assert.Equal(HttpStatusCode.Accepted, await env.AuthStatusWithBearerAsync(token, TestContext.Current.CancellationToken));
    }
}
