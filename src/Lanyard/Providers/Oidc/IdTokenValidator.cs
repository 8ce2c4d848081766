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
        var parameters = Parameters(configuration, [options.ClientId]);
        events.ConfigureIdTokenValidation(parameters, options);

        var result = await _handler.ValidateTokenAsync(idToken, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return IdTokenValidation.Invalid(Describe(result.Exception, "ID token"));
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

    /// <summary>
    /// A bearer access token addressed to this app (<c>skip_jwt_bearer_tokens</c>): the same signature and lifetime
    /// checks, audience = client id or one of <c>oidc_extra_audiences</c>, then the provider's issuer rules (Entra:
    /// v1.0 and v2.0 issuers, each bound to the token's tenant).
    /// </summary>
    public async Task<IdTokenValidation> ValidateBearerAsync(string accessToken, OpenIdConnectConfiguration configuration, IReadOnlyList<string> audiences)
    {
        var parameters = Parameters(configuration, audiences);
        events.ConfigureAccessTokenValidation(parameters, options);
        var result = await _handler.ValidateTokenAsync(accessToken, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return IdTokenValidation.Invalid(Describe(result.Exception, "access token"));
        }

        return events.ValidateAccessToken(token, options, configuration.Issuer) is { } problem
            ? IdTokenValidation.Invalid(problem)
            : IdTokenValidation.Valid(token);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration, IReadOnlyList<string> audiences) =>
        new()
        {
            ValidIssuer = configuration.Issuer,
            ValidAudiences = audiences,
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

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null || now > expires.Value.ToUniversalTime() + ClockSkew)
        {
            throw new SecurityTokenExpiredException("expired") { Expires = expires ?? DateTime.MinValue };
        }

        if (notBefore is not null && now + ClockSkew < notBefore.Value.ToUniversalTime())
        {
            throw new SecurityTokenNotYetValidException("not valid yet") { NotBefore = notBefore.Value };
        }

        return true;
    }

    // Short reasons for pages and logs; IdentityModel's messages are long and may quote the token.
    private static string Describe(Exception? exception, string what) => exception switch
    {
        SecurityTokenExpiredException => $"the {what} has expired",
        SecurityTokenNotYetValidException => $"the {what} is not valid yet",
        SecurityTokenInvalidIssuerException => $"the {what} was issued by an issuer this proxy does not trust",
        SecurityTokenInvalidAudienceException => $"the {what} was issued for another application",
        SecurityTokenSignatureKeyNotFoundException => $"the {what} is signed with a key the provider does not publish",
        SecurityTokenInvalidSignatureException => $"the {what}'s signature is not valid",
        SecurityTokenInvalidAlgorithmException => $"the {what} is signed with an algorithm this proxy does not accept",
        SecurityTokenMalformedException => $"the {what} is malformed",
        _ => $"the {what} is not valid",
    };
}
