using System.Net;
using System.Security.Cryptography;
using Lanyard.Emulator;
using Lanyard.Providers.Oidc;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.IntegrationTests;

/// <summary>
/// bearer_token_cache_size: a repeated bearer token skips the signature check, but the cache never lets through
/// what validation would refuse: not a refused token, not an expired one, not after the keys change.
/// </summary>
public sealed class BearerTokenCacheTests
{
    private static string ApiScope => $"api://{LanyardTestEnvironment.ClientId}/access_as_user";

    private static Task<LanyardTestEnvironment> StartAsync(FakeTimeProvider? time = null, int? cacheSize = null) =>
        LanyardTestEnvironment.StartAsync(
            s =>
            {
                s["skip_jwt_bearer_tokens"] = true;
                s["oidc_extra_audiences"] = new List<string> { $"api://{LanyardTestEnvironment.ClientId}" };
                if (cacheSize is { } size)
                {
                    s["bearer_token_cache_size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            },
            proxyTime: time,
            registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });

    private static int Cached(LanyardTestEnvironment env) => env.Proxy.Services.GetRequiredService<BearerTokenIdentity>().CachedTokenCount;

    [Fact]
    public async Task ARepeatedToken_IsCachedOnce_AndStillRefusedOnceItHasExpired()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var env = await StartAsync(time);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        var cancel = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.Accepted, await env.AuthStatusWithBearerAsync(token, cancel));
        Assert.Equal(HttpStatusCode.Accepted, await env.AuthStatusWithBearerAsync(token, cancel));
        Assert.Equal(1, Cached(env));

        // Past exp and the five minutes' skew: whatever the cache held, the answer is validation's.
        var exp = new JsonWebToken(token).ValidTo;
        time.SetUtcNow(new DateTimeOffset(exp, TimeSpan.Zero) + IdTokenValidator.ClockSkew + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await env.AuthStatusWithBearerAsync(token, cancel));
    }

    [Fact]
    public async Task ARefusedToken_IsNeverCached()
    {
        await using var env = await StartAsync();
        using var rsa = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"{LanyardTestEnvironment.EmulatorUrl.GetLeftPart(UriPartial.Authority)}/{DemoDirectory.ContosoTenantId}/v2.0",
            Audience = LanyardTestEnvironment.ClientId,
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["tid"] = DemoDirectory.ContosoTenantId, ["ver"] = "2.0", ["scp"] = "access_as_user", ["azp"] = "x", ["sub"] = "mallory" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = "forged" }, SecurityAlgorithms.RsaSha256),
        });
        var cancel = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.Unauthorized, await env.AuthStatusWithBearerAsync(forged, cancel));
        Assert.Equal(HttpStatusCode.Unauthorized, await env.AuthStatusWithBearerAsync(forged, cancel));
        Assert.Equal(0, Cached(env));
    }

    /// <summary>The cache ties each entry to the key set object it was validated under (ValidatedTokenCacheTests
    /// shows a new one ends them); this shows a refetch after the provider rolls its keys makes a new one.</summary>
    [Fact]
    public async Task ARefetchedKeySet_IsANewKeySet_SoEntriesCachedUnderTheOldOneLapse()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var env = await StartAsync(time);
        var cancel = TestContext.Current.CancellationToken;
        var metadata = env.Proxy.Services.GetRequiredService<ProviderMetadata>();
        var signingKeys = env.Proxy.Services.GetRequiredService<RefreshSigningKeys>();
        var before = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        Assert.Equal(HttpStatusCode.Accepted, await env.AuthStatusWithBearerAsync(before, cancel));
        var oldKeys = signingKeys.KeysFor((await metadata.GetAsync(cancel))!);

        env.Emulator.Services.GetRequiredService<SigningKeys>().Rotate();
        time.Advance(RefreshSigningKeys.MinimumInterval + TimeSpan.FromSeconds(1));
        var after = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.BobUserPrincipalName, ApiScope);
        Assert.Equal(HttpStatusCode.Accepted, await env.AuthStatusWithBearerAsync(after, cancel));

        Assert.NotSame(oldKeys, signingKeys.KeysFor((await metadata.GetAsync(cancel))!));
        // Alice's token is checked again under the new set (the emulator still publishes her key), not waved through.
        Assert.Equal(HttpStatusCode.Accepted, await env.AuthStatusWithBearerAsync(before, cancel));
    }

    [Fact]
    public async Task SizeZero_TurnsTheCacheOff()
    {
        await using var env = await StartAsync(cacheSize: 0);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        var cancel = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.Accepted, await env.AuthStatusWithBearerAsync(token, cancel));
        Assert.Equal(HttpStatusCode.Accepted, await env.AuthStatusWithBearerAsync(token, cancel));
        Assert.Equal(0, Cached(env));
    }
}
