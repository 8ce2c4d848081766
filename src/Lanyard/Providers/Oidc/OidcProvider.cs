using Lanyard.Configuration;
using Lanyard.Security;
using Lanyard.Sessions;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// The authorization code flow with PKCE against any OpenID Connect provider: builds the authorize URL for a
/// sign-in attempt, and at the callback redeems the code, validates the ID token and maps it to an identity.
/// Provider differences come in through <see cref="OidcProviderEvents"/>.
/// </summary>
internal sealed class OidcProvider(
    ProviderOptions options,
    ProviderMetadata metadata,
    TokenEndpointClient tokenEndpoint,
    IdTokenValidator idTokenValidator,
    OidcProviderEvents events,
    TimeProvider time)
{
    private const int MaxLoginHintLength = 256;

    public string DisplayName => options.DisplayName;

    public bool IsReady => metadata.IsLoaded;

    /// <summary>Where to send the browser to sign in, or null when the provider's metadata cannot be had.</summary>
    public async Task<string?> BuildAuthorizeUrlAsync(SignInAttempt attempt, string? loginHint, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        if (configuration?.AuthorizationEndpoint is not { Length: > 0 } endpoint)
        {
            return null;
        }

        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = options.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = attempt.RedirectUri,
            ["scope"] = options.Scope,
            ["state"] = attempt.State,
            ["nonce"] = attempt.Nonce,
            ["code_challenge"] = RandomTokens.S256Challenge(attempt.CodeVerifier),
            ["code_challenge_method"] = "S256",
        };
        if (loginHint is { Length: > 0 and <= MaxLoginHintLength })
        {
            parameters["login_hint"] = loginHint;
        }

        return QueryHelpers.AddQueryString(endpoint, parameters);
    }

    public async Task<SignInResult> CompleteSignInAsync(string code, SignInAttempt attempt, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetAsync(cancellationToken);
        if (configuration?.TokenEndpoint is not { Length: > 0 } tokenUrl || !Uri.TryCreate(tokenUrl, UriKind.Absolute, out var tokenUri))
        {
            return new SignInResult.ProviderUnavailable("the identity provider's metadata could not be loaded");
        }

        var redemption = await tokenEndpoint.RedeemCodeAsync(
            tokenUri, [.. configuration.TokenEndpointAuthMethodsSupported], code, attempt.RedirectUri, attempt.CodeVerifier, cancellationToken);
        TokenEndpointResponse tokens;
        switch (redemption)
        {
            case TokenRequestResult.Issued issued:
                tokens = issued.Tokens;
                break;
            case TokenRequestResult.Refused refused:
                return new SignInResult.Rejected($"the identity provider refused the sign-in ({refused.Error})");
            case TokenRequestResult.Unavailable unavailable:
                return new SignInResult.ProviderUnavailable(unavailable.Reason);
            default:
                return new SignInResult.ProviderUnavailable("unexpected token endpoint result");
        }

        if (tokens.IdToken is not { Length: > 0 } idToken)
        {
            return new SignInResult.Rejected("the identity provider returned no ID token (is 'openid' in scope?)");
        }

        var validation = await idTokenValidator.ValidateAsync(idToken, configuration, attempt.Nonce);
        if (validation.Token is null)
        {
            return new SignInResult.Rejected(validation.Problem ?? "the ID token is not valid");
        }

        var identity = events.CreateIdentity(validation.Token);
        if (identity.User.Length == 0)
        {
            return new SignInResult.Rejected("the ID token names no user (no 'sub' claim)");
        }

        var accessTokenExpiresAt = tokens.ExpiresIn is > 0 ? time.GetUtcNow().AddSeconds(tokens.ExpiresIn.Value) : (DateTimeOffset?)null;
        return new SignInResult.SignedIn(identity, new SessionTokens(idToken, tokens.AccessToken, tokens.RefreshToken, accessTokenExpiresAt));
    }
}
