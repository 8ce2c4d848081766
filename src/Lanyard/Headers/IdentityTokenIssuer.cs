using Lanyard.Configuration;
using Lanyard.Sessions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Headers;

/// <summary>
/// Signs the identity token (<c>identity_token_header</c>, issue 11): a JWS over iss, aud, sub (the identity's user
/// id), email and preferred_username when known, groups and roles (arrays, empty when none), iat, nbf and exp, with
/// <c>kid</c> the key's thumbprint. It lives <see cref="IdentityTokenOptions.Lifetime"/>, never past the session it
/// speaks for. Signing costs tens of microseconds (RSA far more), and a browser sends the same session with every
/// request, so a token is kept per identity and reused until half its life has passed; the verifier still sees at
/// least half a lifetime left on every token.
/// </summary>
internal sealed class IdentityTokenIssuer : IDisposable
{
    /// <summary>About this many characters of tokens (and as many again of keys) are kept: tens of MB at worst.</summary>
    private const long CacheSizeLimit = 16 * 1024 * 1024;

    private readonly IdentityTokenOptions _options;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CacheSizeLimit });

    public IdentityTokenIssuer(IdentityTokenOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public string HeaderName => _options.HeaderName;

    /// <summary>The token for this session's identity: a cached one while it is fresh, else a new one. Empty when the session has ended.</summary>
    public string TokenFor(SessionTicket ticket)
    {
        var now = _time.GetUtcNow();
        var key = new IdentityTokenCacheKey(ticket.Identity, ticket.ExpiresAt);
        if (_cache.TryGetValue(key, out CachedToken? cached) && cached is not null && now >= cached.IssuedAt && now < cached.RenewAt)
        {
            return cached.Token;
        }

        // Whole seconds: JWT times are NumericDate seconds (RFC 7519 §2), and the cache's renewal time must match what the token says.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var expires = issuedAt + _options.Lifetime;
        if (ticket.ExpiresAt < expires)
        {
            expires = DateTimeOffset.FromUnixTimeSeconds(ticket.ExpiresAt.ToUnixTimeSeconds());
        }

        if (expires <= issuedAt)
        {
            // An ended session asserts nobody; the decision stage never lets one through, and neither does this.
            return "";
        }

        var token = Sign(ticket, issuedAt, expires);
        var renewAt = issuedAt + _options.Lifetime / 2;
        _cache.Set(key, new CachedToken(token, issuedAt, renewAt < expires ? renewAt : expires), new MemoryCacheEntryOptions
        {
            Size = token.Length + key.ApproximateSize(),
            // Frees what idle users left; freshness itself is judged above, on Lanyard's clock.
            SlidingExpiration = _options.Lifetime,
        });
        return token;
    }

    private string Sign(SessionTicket ticket, DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        var identity = ticket.Identity;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = identity.User,
            ["groups"] = identity.Groups.ToArray(),
            ["roles"] = identity.Roles.ToArray(),
        };
        if (identity.Email is { } email)
        {
            claims[JwtRegisteredClaimNames.Email] = email;
        }

        if (identity.PreferredUsername is { } preferredUsername)
        {
            claims["preferred_username"] = preferredUsername;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = _options.Key.Credentials,
        });
    }

    public void Dispose() => _cache.Dispose();

    private sealed record CachedToken(string Token, DateTimeOffset IssuedAt, DateTimeOffset RenewAt);
}
