using BenchmarkDotNet.Attributes;
using Lanyard.Emulator;
using Lanyard.Providers.Oidc;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Benchmarks;

/// <summary>
/// The bearer-token identity stage (<c>skip_jwt_bearer_tokens</c>) for an Entra v2 access token the emulator issued:
/// cold = the validated-token cache off (<c>bearer_token_cache_size = 0</c>: signature, issuer, audience, lifetime,
/// token type and claims every time), warm = the default cache (a SHA-256 of the token and a lookup). The baseline
/// only parses the token, which any validation must do first. Keys are fetched once in setup, so no I/O is measured.
/// </summary>
[MemoryDiagnoser]
public class JwtValidationBenchmarks
{
    private LanyardTestEnvironment _cold = null!;
    private LanyardTestEnvironment _warm = null!;
    private BearerTokenIdentity _coldBearer = null!;
    private BearerTokenIdentity _warmBearer = null!;
    private string _token = "";
    private string _coldToken = "";

    [GlobalSetup]
    public void Setup()
    {
        _cold = Start(cacheSize: 0);
        _warm = Start(cacheSize: null);
        _coldBearer = _cold.Proxy.Services.GetRequiredService<BearerTokenIdentity>();
        _warmBearer = _warm.Proxy.Services.GetRequiredService<BearerTokenIdentity>();
        // Each environment has its own emulator (and keys), so each proxy gets a token from its own.
        _token = EmulatorTokenClient.AccessTokenAsync(_warm, DemoDirectory.AliceUserPrincipalName, $"api://{LanyardTestEnvironment.ClientId}/access_as_user").GetAwaiter().GetResult();
        _coldToken = EmulatorTokenClient.AccessTokenAsync(_cold, DemoDirectory.AliceUserPrincipalName, $"api://{LanyardTestEnvironment.ClientId}/access_as_user").GetAwaiter().GetResult();
        Require(_warmBearer, _token);
        Require(_coldBearer, _coldToken);
        if (_coldBearer.CachedTokenCount != 0 || _warmBearer.CachedTokenCount != 1)
        {
            throw new InvalidOperationException("The cold proxy caches or the warm one does not; the benchmark would not measure what it says.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cold.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _warm.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public JsonWebToken ReadJsonWebToken() => new(_token);

    [Benchmark]
    public async Task<bool> ValidateCold() => (await _coldBearer.ResolveAsync(_coldToken, _coldBearer.CacheKeyOf(_coldToken), CancellationToken.None)).Identity is not null;

    [Benchmark]
    public async Task<bool> ValidateWarm() => (await _warmBearer.ResolveAsync(_token, _warmBearer.CacheKeyOf(_token), CancellationToken.None)).Identity is not null;

    private static LanyardTestEnvironment Start(int? cacheSize) =>
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
            registerApplication: app => app with { AccessTokenAcceptedVersion = 2 }).GetAwaiter().GetResult();

    private static void Require(BearerTokenIdentity bearer, string token)
    {
        var (identity, _, problem) = bearer.ResolveAsync(token, bearer.CacheKeyOf(token), CancellationToken.None).GetAwaiter().GetResult();
        if (identity is null)
        {
            throw new InvalidOperationException("The benchmark's token is refused (" + problem + "); the benchmark would measure a refusal.");
        }
    }
}
