using Lanyard.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// Validates an ID token (OpenID Connect Core §3.1.3.7): signature against the provider's keys (refetched on an
/// unknown <c>kid</c>), issuer, audience = our client id, lifetime by our <see cref="TimeProvider"/>, then the
/// nonce bound to this browser's sign-in attempt, then the provider's own checks.
/// </summary>
internal sealed class IdTokenValidator(ProviderOptions options, ProviderMetadata metadata, OidcProviderEvents events, TimeProvider time)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<IdTokenValidation> ValidateAsync(string idToken, OpenIdConnectConfiguration configuration, string? expectedNonce)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = options.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ConfigurationManager = metadata.Manager,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = ValidateLifetime,
            // Asymmetric algorithms only: a provider's ID token is never signed with our client secret here.
            ValidAlgorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"],
        };
        events.ConfigureIdTokenValidation(parameters, options);

        var result = await _handler.ValidateTokenAsync(idToken, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return IdTokenValidation.Invalid(Describe(result.Exception));
        }

        if (expectedNonce is not null)
        {
            var nonce = token.TryGetPayloadValue<string>("nonce", out var value) ? value : null;
            if (nonce is null || !Security.Secret.FixedTimeEquals(nonce, expectedNonce))
            {
                return IdTokenValidation.Invalid("the ID token's nonce does not match this sign-in attempt");
            }
        }

        return events.ValidateIdToken(token, options) is { } problem
            ? IdTokenValidation.Invalid(problem)
            : IdTokenValidation.Valid(token);
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null || now > expires.Value.ToUniversalTime() + ClockSkew)
        {
            throw new SecurityTokenExpiredException("the ID token has expired") { Expires = expires ?? DateTime.MinValue };
        }

        if (notBefore is not null && now + ClockSkew < notBefore.Value.ToUniversalTime())
        {
            throw new SecurityTokenNotYetValidException("the ID token is not valid yet") { NotBefore = notBefore.Value };
        }

        return true;
    }

    // Short reasons for pages and logs; IdentityModel's messages are long and may quote the token.
    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "the ID token has expired",
        SecurityTokenNotYetValidException => "the ID token is not valid yet",
        SecurityTokenInvalidIssuerException => "the ID token was issued by an issuer this proxy does not trust",
        SecurityTokenInvalidAudienceException => "the ID token was issued for another application",
        SecurityTokenSignatureKeyNotFoundException => "the ID token is signed with a key the provider does not publish",
        SecurityTokenInvalidSignatureException => "the ID token's signature is not valid",
        SecurityTokenInvalidAlgorithmException => "the ID token is signed with an algorithm this proxy does not accept",
        SecurityTokenMalformedException => "the ID token is malformed",
        _ => "the ID token is not valid",
    };
}
