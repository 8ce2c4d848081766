using Lanyard.Identity;
using Lanyard.Providers.Oidc;
using Lanyard.Security;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.Tests.Providers;

/// <summary>
/// The validated bearer-token cache (issue 14, J1): only what validation accepted, never past the token's exp plus
/// the validator's skew, never longer than its cap, only under the key set it was checked with, and bounded.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly UserIdentity Alice = new("alice-sub", "alice@contoso.test", null, [], []);
    private static readonly UserIdentity Bob = new("bob-sub", "bob@contoso.test", null, [], []);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly object _keys = new();

    [Fact]
    public void AnAcceptedToken_IsFoundAgain_WithItsIdentityAndExpiry()
    {
        var cache = new ValidatedTokenCache(10, _time);
        var exp = _time.GetUtcNow().AddHours(1);
        cache.Add(Sha256Key.Of("token-a"), _keys, Alice, exp);

        Assert.True(cache.TryGet(Sha256Key.Of("token-a"), _keys, out var identity, out var expiresAt));
        Assert.Same(Alice, identity);
        Assert.Equal(exp, expiresAt);
    }

    [Fact]
    public void DifferentTokens_DoNotCollide()
    {
        var cache = new ValidatedTokenCache(10, _time);
        var exp = _time.GetUtcNow().AddHours(1);
        cache.Add(Sha256Key.Of("eyJ.alice.sig"), _keys, Alice, exp);
        cache.Add(Sha256Key.Of("eyJ.bob.sig"), _keys, Bob, exp);

        Assert.True(cache.TryGet(Sha256Key.Of("eyJ.alice.sig"), _keys, out var first, out _));
        Assert.True(cache.TryGet(Sha256Key.Of("eyJ.bob.sig"), _keys, out var second, out _));
        Assert.False(cache.TryGet(Sha256Key.Of("eyJ.alice.sig "), _keys, out _, out _));
        Assert.Same(Alice, first);
        Assert.Same(Bob, second);
        Assert.NotEqual(Sha256Key.Of("eyJ.alice.sig"), Sha256Key.Of("eyJ.alice.sig "));
    }

    [Fact]
    public void AnEntry_EndsAtTheTokensExpiryPlusTheValidatorsSkew()
    {
        var cache = new ValidatedTokenCache(10, _time);
        // Expired four minutes ago: validation still accepts it for one more minute (five minutes' skew).
        cache.Add(Sha256Key.Of("token-a"), _keys, Alice, _time.GetUtcNow() - TimeSpan.FromMinutes(4));

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(cache.TryGet(Sha256Key.Of("token-a"), _keys, out _, out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet(Sha256Key.Of("token-a"), _keys, out _, out _));
    }

    [Fact]
    public void ATokenPastItsSkew_IsNotCachedAtAll()
    {
        var cache = new ValidatedTokenCache(10, _time);
        cache.Add(Sha256Key.Of("token-a"), _keys, Alice, _time.GetUtcNow() - IdTokenValidator.ClockSkew);

        Assert.False(cache.TryGet(Sha256Key.Of("token-a"), _keys, out _, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void ALongLivedToken_IsCheckedAgainAfterTheCap()
    {
        var cache = new ValidatedTokenCache(10, _time);
        cache.Add(Sha256Key.Of("token-a"), _keys, Alice, _time.GetUtcNow().AddHours(24));

        _time.Advance(ValidatedTokenCache.MaximumLifetime - TimeSpan.FromSeconds(1));
        Assert.True(cache.TryGet(Sha256Key.Of("token-a"), _keys, out _, out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet(Sha256Key.Of("token-a"), _keys, out _, out _));
        Assert.True(ValidatedTokenCache.MaximumLifetime <= TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void ANewKeySet_EndsEveryEntryValidatedUnderTheOldOne()
    {
        var cache = new ValidatedTokenCache(10, _time);
        cache.Add(Sha256Key.Of("token-a"), _keys, Alice, _time.GetUtcNow().AddHours(1));

        Assert.False(cache.TryGet(Sha256Key.Of("token-a"), new object(), out _, out _));
        // And the stale entry is gone, not merely skipped.
        Assert.False(cache.TryGet(Sha256Key.Of("token-a"), _keys, out _, out _));
    }

    [Fact]
    public void TheCache_StaysWithinItsSize_AndKeepsTheNewest()
    {
        var cache = new ValidatedTokenCache(16, _time);
        var exp = _time.GetUtcNow().AddHours(1);
        for (var i = 0; i < 1000; i++)
        {
            cache.Add(Sha256Key.Of($"token-{i}"), _keys, Alice, exp);
            Assert.True(cache.Count <= 16, $"{cache.Count} entries after {i + 1} additions");
        }

        Assert.True(cache.TryGet(Sha256Key.Of("token-999"), _keys, out _, out _));
    }

    [Fact]
    public void WhenFull_ExpiredEntriesGoFirst()
    {
        var cache = new ValidatedTokenCache(4, _time);
        for (var i = 0; i < 3; i++)
        {
            cache.Add(Sha256Key.Of($"short-{i}"), _keys, Alice, _time.GetUtcNow() - TimeSpan.FromMinutes(4));
        }

        cache.Add(Sha256Key.Of("long"), _keys, Bob, _time.GetUtcNow().AddHours(1));
        _time.Advance(TimeSpan.FromMinutes(1));
        cache.Add(Sha256Key.Of("newer"), _keys, Bob, _time.GetUtcNow().AddHours(1));

        Assert.True(cache.TryGet(Sha256Key.Of("long"), _keys, out _, out _));
        Assert.True(cache.TryGet(Sha256Key.Of("newer"), _keys, out _, out _));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void ALongToken_HashesAsTheSameValueEachTime()
    {
        var big = new string('x', 20_000) + "é";

        Assert.Equal(Sha256Key.Of(big), Sha256Key.Of(big));
        Assert.NotEqual(Sha256Key.Of(big), Sha256Key.Of(big[..^1]));
    }
}
