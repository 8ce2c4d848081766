using Lanyard.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// Validates an ID token (OpenID Connect Core §3.1.3.7): signature against the provider's keys (refetched on an
/// unknown <c>kid</c> by <see cref="RefreshSigningKeys"/>, never by IdentityModel on its own), issuer, audience =
/// our client id, lifetime by our <see cref="TimeProvider"/>, then the nonce bound to this browser's sign-in
/// attempt, then the provider's own checks.
/// </summary>
internal sealed class IdTokenValidator(ProviderOptions options, OidcProviderEvents events, RefreshSigningKeys signingKeys, TimeProvider time)
{
    /// <summary>How far past its expiry (or before its nbf) a token is still accepted; cached validations honour it too.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<IdTokenValidation> ValidateAsync(string idToken, OpenIdConnectConfiguration configuration, string? expectedNonce)
    {
        var (result, keysUnavailable) = await ValidateSignedAsync(idToken, configuration, [options.ClientId], forSignIn: true, events.ConfigureIdTokenValidation, CancellationToken.None);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return Refusal(result, keysUnavailable, "ID token");
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
    public async Task<IdTokenValidation> ValidateBearerAsync(string accessToken, OpenIdConnectConfiguration configuration, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        if (MisaddressedProblem(accessToken, audiences) is { } misaddressed)
        {
            return IdTokenValidation.Invalid(misaddressed);
        }

        var (result, keysUnavailable) = await ValidateSignedAsync(accessToken, configuration, audiences, forSignIn: false, events.ConfigureAccessTokenValidation, cancellationToken);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return Refusal(result, keysUnavailable, "access token");
        }

        return events.ValidateAccessToken(token, options, configuration.Issuer) is { } problem
            ? IdTokenValidation.Invalid(problem)
            : IdTokenValidation.Valid(token);
    }

    /// <summary>
    /// Validates with the current keys; when the token names a key they lack, and the token may ask for it
    /// (<see cref="RefreshSigningKeys"/>), once more after refetching them. <c>KeysUnavailable</c>: the key is
    /// still unknown because the key set could not be fetched, so the refusal is no verdict on the token.
    /// </summary>
    private async Task<(TokenValidationResult Result, bool KeysUnavailable)> ValidateSignedAsync(
        string token, OpenIdConnectConfiguration configuration, IReadOnlyList<string> audiences, bool forSignIn,
        Action<TokenValidationParameters, ProviderOptions> configure, CancellationToken cancellationToken)
    {
        var result = await ValidateOnceAsync(token, configuration, audiences, configure);
        if (result.IsValid || result.Exception is not SecurityTokenSignatureKeyNotFoundException || !MayAskForNewKeys(token, configuration, forSignIn))
        {
            return (result, false);
        }

        return await signingKeys.TryRefreshAsync(configuration, forSignIn, cancellationToken) switch
        {
            KeyRefresh.Refreshed => (await ValidateOnceAsync(token, configuration, audiences, configure), false),
            KeyRefresh.Failed => (result, true),
            _ => (result, false),
        };
    }

    private static IdTokenValidation Refusal(TokenValidationResult result, bool keysUnavailable, string what) =>
        keysUnavailable
            ? IdTokenValidation.Unavailable($"the {what} names a signing key this proxy does not have, and the provider's key set could not be fetched to look for it")
            : IdTokenValidation.Invalid(Describe(result.Exception, what));

    /// <summary>
    /// A bearer token from one of <c>extra_jwt_issuers</c>: signature by that issuer's keys, its issuer, the
    /// entry's audience, lifetime by our clock and the accepted algorithms; none of the main provider's rules.
    /// </summary>
    public async Task<(JsonWebToken? Token, string? Problem, bool UnknownKey)> ValidateExtraIssuerAsync(string accessToken, OpenIdConnectConfiguration configuration, string audience)
    {
        var parameters = Parameters(configuration, [audience]);
        parameters.IssuerSigningKeys = configuration.SigningKeys;
        parameters.ValidateAudience = true;
        var result = await _handler.ValidateTokenAsync(accessToken, parameters);
        return result.IsValid && result.SecurityToken is JsonWebToken token
            ? (token, null, false)
            : (null, Describe(result.Exception, "access token"), result.Exception is SecurityTokenSignatureKeyNotFoundException);
    }

    private async Task<TokenValidationResult> ValidateOnceAsync(
        string token, OpenIdConnectConfiguration configuration, IReadOnlyList<string> audiences, Action<TokenValidationParameters, ProviderOptions> configure)
    {
        var result = await _handler.ValidateTokenAsync(token, Parameters(configuration, audiences, configure));
        if (!result.IsValid && result.Exception is SecurityTokenInvalidSignatureException && IsDisabledAlgorithm(token))
        {
            // IdentityModel reports an algorithm oidc_enabled_signing_algs leaves out as a bad signature (no key may
            // verify it); say which it is. alg none, HS* and the like keep their usual answer.
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenInvalidAlgorithmException("algorithm") };
        }

        if (result.IsValid && result.SecurityToken is JsonWebToken valid && !options.TokenValidation.StandardAudience && !HasAudience(valid, audiences))
        {
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenInvalidAudienceException("audience claim") };
        }

        return result;
    }

    /// <summary>
    /// The audience, judged before anything else (seed 000's advice): the usual mistake is a token for another API,
    /// most often Microsoft Graph's, whose signature this app cannot even check (Graph tokens are signed over a
    /// hashed nonce), so "bad signature" would send the user looking in the wrong place. Read without validation,
    /// this can only refuse, never accept; the token's own values are not echoed (they would go into a header).
    /// </summary>
    private string? MisaddressedProblem(string token, IReadOnlyList<string> audiences)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null; // Not a JWT: validation says so.
        }

        var addressed = options.TokenValidation.StandardAudience
            ? jwt.Audiences.Any(a => audiences.Contains(a, StringComparer.Ordinal))
            : HasAudience(jwt, audiences);
        if (addressed)
        {
            return null;
        }

        return jwt.Audiences.Any(IsMicrosoftGraph)
            ? "the access token was issued for another application, Microsoft Graph: request a token for this API's scope (api://<client id>/<scope>), not User.Read"
            : "the access token was issued for another application (its audience is not client_id or one of oidc_extra_audiences): request a token for this API's scope";
    }

    private static bool IsMicrosoftGraph(string audience) =>
        audience is "00000003-0000-0000-c000-000000000000" or "https://graph.microsoft.com" or "https://graph.microsoft.com/"
        || audience.StartsWith("https://graph.microsoft.", StringComparison.OrdinalIgnoreCase)
        || audience.StartsWith("https://microsoftgraph.chinacloudapi.cn", StringComparison.OrdinalIgnoreCase);

    private bool IsDisabledAlgorithm(string token)
    {
        try
        {
            var algorithm = new JsonWebToken(token).Alg;
            return TokenValidationOptions.AsymmetricAlgorithms.Contains(algorithm, StringComparer.Ordinal)
                   && !options.TokenValidation.SigningAlgorithms.Contains(algorithm, StringComparer.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// oauth2-proxy's audience rule with <c>oidc_audience_claims</c>: the first of the claims the token carries
    /// (a string or an array of strings) must name one of <paramref name="audiences"/>; a token with none of them fails.
    /// </summary>
    private bool HasAudience(JsonWebToken token, IReadOnlyList<string> audiences)
    {
        foreach (var claim in options.TokenValidation.AudienceClaims)
        {
            if (token.TryGetPayloadValue<System.Text.Json.JsonElement>(claim, out var element))
            {
                var values = element.ValueKind switch
                {
                    System.Text.Json.JsonValueKind.String => [element.GetString()!],
                    System.Text.Json.JsonValueKind.Array => element.EnumerateArray().Where(e => e.ValueKind == System.Text.Json.JsonValueKind.String).Select(e => e.GetString()!).ToList(),
                    _ => new List<string>(),
                };
                return values.Any(v => audiences.Contains(v, StringComparer.Ordinal));
            }

            if (token.TryGetPayloadValue<string>(claim, out var single) && single is not null)
            {
                return audiences.Contains(single, StringComparer.Ordinal);
            }
        }

        return false;
    }

    // A sign-in's ID token came from the token endpoint; a bearer token from anyone, so it must at least look like
    // one of this provider's: a JWT naming a key id and an issuer we would accept.
    private bool MayAskForNewKeys(string token, OpenIdConnectConfiguration configuration, bool forSignIn)
    {
        if (forSignIn)
        {
            return true;
        }

        try
        {
            var jwt = new JsonWebToken(token);
            return jwt.Kid is { Length: > 0 } && events.IsPlausibleIssuer(jwt, configuration.Issuer);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration, IReadOnlyList<string> audiences, Action<TokenValidationParameters, ProviderOptions> configure)
    {
        var parameters = Parameters(configuration, audiences);
        configure(parameters, options);
        return parameters;
    }

    // No ConfigurationManager here: IdentityModel would refetch keys by itself on any unknown kid (finding 7).
    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration, IReadOnlyList<string> audiences) =>
        new()
        {
            ValidIssuer = configuration.Issuer,
            ValidAudiences = audiences,
            IssuerSigningKeys = signingKeys.KeysFor(configuration),
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = ValidateLifetime,
            // oidc_enabled_signing_algs, asymmetric only: a provider's token is never signed with our client secret here.
            ValidAlgorithms = options.TokenValidation.SigningAlgorithms,
            // oidc_audience_claims other than aud: checked after validation by AudienceClaimProblem.
            ValidateAudience = options.TokenValidation.StandardAudience,
        };

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("no expiry");
        }

        if (now > expires.Value.ToUniversalTime() + ClockSkew)
        {
            throw new SecurityTokenExpiredException("expired") { Expires = expires.Value };
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
        SecurityTokenNoExpirationException => $"the {what} has no expiry ('exp')",
        // IdentityModel reports a segment that is not base64url JSON as a plain ArgumentException.
        SecurityTokenMalformedException or ArgumentException => $"the {what} is malformed",
        _ => $"the {what} is not valid",
    };
}
