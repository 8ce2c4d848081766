using Lanyard.Configuration;
using Lanyard.Identity;
using Lanyard.Security;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// The identity stage for API calls (<c>skip_jwt_bearer_tokens</c>): <c>Authorization: Bearer</c> → a validated
/// access token for this app → of an acceptable type (a user's delegated token; an application's only where allowed;
/// never an ID token) → an identity, or none. Signature checks need no I/O once the keys are cached, and a token
/// seen before under the same key set is answered from <see cref="ValidatedTokenCache"/> (<c>bearer_token_cache_size</c>,
/// 0 = off) without one. Tokens of <c>extra_jwt_issuers</c> are validated every time: their key sets are IdentityModel's.
/// </summary>
internal sealed class BearerTokenIdentity(ProviderOptions options, ProviderMetadata metadata, IdTokenValidator validator, OidcProviderEvents events, ExtraJwtIssuers extraIssuers, RefreshSigningKeys signingKeys, TimeProvider time)
{
    private readonly ValidatedTokenCache? _cache = options.BearerTokenCacheSize > 0 ? new(options.BearerTokenCacheSize, time) : null;

    public bool Enabled => options.AcceptBearerTokens;

    /// <summary>How many accepted tokens the cache holds now (0 when it is off): for tests and diagnostics.</summary>
    internal int CachedTokenCount => _cache?.Count ?? 0;

    /// <summary><c>bearer_token_login_fallback</c>: whether a refused token leaves the cookie (or a sign-in) to decide.</summary>
    public bool LoginFallback => options.BearerLoginFallback;

    /// <summary>The token's key in the validated-token cache, or null when the cache is off.</summary>
    public Sha256Key? CacheKeyOf(string token) => _cache is null ? null : Sha256Key.Of(token);

    /// <summary>The token's identity and expiry, or null (with the reason) when it is not acceptable.</summary>
    /// <param name="cacheKey"><see cref="CacheKeyOf"/> of the token (the caller may have it already).</param>
    /// <exception cref="ProviderUnavailableException">The token cannot be judged now: metadata or its signing key could not be loaded.</exception>
    public async Task<(UserIdentity? Identity, DateTimeOffset ExpiresAt, string? Problem)> ResolveAsync(string token, Sha256Key? cacheKey, CancellationToken cancellationToken)
    {
        // extra_jwt_issuers: a token from one of them is that issuer's to judge, never the main provider's.
        if (extraIssuers.Claims(token, out var extra))
        {
            return await extraIssuers.ResolveAsync(extra, token, cancellationToken);
        }

        var configuration = await metadata.GetAsync(cancellationToken)
            ?? throw new ProviderUnavailableException("the identity provider's metadata and keys could not be loaded");

        var hash = _cache is null ? default : cacheKey ?? Sha256Key.Of(token);
        if (_cache is not null && _cache.TryGet(hash, signingKeys.KeysFor(configuration), out var known, out var knownExpiry))
        {
            return (known, knownExpiry, null);
        }

        var validation = await validator.ValidateBearerAsync(token, configuration, options.BearerAudiences, cancellationToken);
        if (validation.KeysUnavailable)
        {
            throw new ProviderUnavailableException(validation.Problem ?? "the signing key the token names could not be loaded");
        }

        if (validation.Token is not { } valid)
        {
            return (null, default, validation.Problem);
        }

        var type = events.ClassifyBearerToken(valid);
        if (type is BearerTokenType.Refused refused)
        {
            return (null, default, "the token is not acceptable here: " + refused.Reason);
        }

        var identity = events.CreateIdentityFromAccessToken(valid, type);
        if (identity.User.Length == 0)
        {
            return (null, default, "the access token names no user (no 'sub' claim)");
        }

        var expiresAt = new DateTimeOffset(valid.ValidTo, TimeSpan.Zero);
        // Tied to the key set validation ended with (it may have refetched the keys for this token's kid).
        _cache?.Add(hash, signingKeys.KeysFor(configuration), identity, expiresAt);
        return (identity, expiresAt, null);
    }
}
