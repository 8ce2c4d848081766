using Lanyard.Configuration;
using Lanyard.Identity;
using Lanyard.Security;
using Lanyard.Sessions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

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
    /// <param name="state">The attempt's state as it goes on the wire (<see cref="Endpoints.OAuthState"/>).</param>
    public async Task<string?> BuildAuthorizeUrlAsync(SignInAttempt attempt, string state, string? loginHint, CancellationToken cancellationToken)
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
            ["state"] = state,
            ["code_challenge"] = RandomTokens.S256Challenge(attempt.CodeVerifier),
            ["code_challenge_method"] = "S256",
        };
        var extras = options.SignInRequest;
        if (extras.SendNonce)
        {
            parameters["nonce"] = attempt.Nonce;
        }

        if (options.Prompt is not null)
        {
            parameters["prompt"] = options.Prompt;
        }
        else if (extras.ApprovalPrompt is { } approvalPrompt)
        {
            // oauth2-proxy's legacy default: approval_prompt=force whenever prompt is not set.
            parameters["approval_prompt"] = approvalPrompt;
        }

        if (extras.AcrValues is { } acrValues)
        {
            parameters["acr_values"] = acrValues;
        }

        if (extras.ResponseMode is { } responseMode)
        {
            parameters["response_mode"] = responseMode;
        }

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

        // insecure_oidc_skip_nonce: none was sent, so none is expected.
        var expectedNonce = options.SignInRequest.SendNonce ? attempt.Nonce : null;
        return await BuildIdentityAsync(idToken, expectedNonce, tokens, configuration, cancellationToken) switch
        {
            (null, _, var problem) => new SignInResult.Rejected(problem ?? "the ID token is not valid"),
            (var identity, var binding, _) => new SignInResult.SignedIn(identity!, Tokens(tokens, idToken, refreshToken: tokens.RefreshToken), binding!),
        };
    }

    /// <summary>
    /// Redeems the session's refresh token (RFC 6749 §6): new tokens, and from a new ID token (validated, no nonce)
    /// a new identity, groups included. Entra ID rotates refresh tokens, so the newest one is kept. Any refusal
    /// ends the session (null).
    /// </summary>
    public async Task<RefreshResult> RefreshAsync(SessionTicket ticket, CancellationToken cancellationToken)
    {
        if (ticket.Tokens.RefreshToken is not { Length: > 0 } refreshToken)
        {
            return new RefreshResult.Failed("the session has no refresh token (add offline_access to scope)");
        }

        var configuration = await metadata.GetAsync(cancellationToken);
        if (configuration?.TokenEndpoint is not { Length: > 0 } tokenUrl || !Uri.TryCreate(tokenUrl, UriKind.Absolute, out var tokenUri))
        {
            return new RefreshResult.Unavailable("the identity provider's metadata could not be loaded");
        }

        TokenEndpointResponse tokens;
        switch (await tokenEndpoint.RedeemRefreshTokenAsync(tokenUri, [.. configuration.TokenEndpointAuthMethodsSupported], refreshToken, cancellationToken))
        {
            case TokenRequestResult.Issued issued:
                tokens = issued.Tokens;
                break;
            case TokenRequestResult.Refused refused:
                return new RefreshResult.Failed($"the identity provider refused the refresh token ({refused.Error})");
            case TokenRequestResult.Unavailable unavailable:
                return new RefreshResult.Unavailable(unavailable.Reason);
            default:
                return new RefreshResult.Failed("unexpected token endpoint result");
        }

        var identity = ticket.Identity;
        var binding = ticket.Binding;
        var idToken = tokens.IdToken ?? ticket.Tokens.IdToken;
        if (tokens.IdToken is { Length: > 0 } newIdToken)
        {
            var (refreshed, refreshedBinding, problem) = await BuildIdentityAsync(newIdToken, expectedNonce: null, tokens, configuration, cancellationToken);
            if (refreshed is null)
            {
                return new RefreshResult.Failed(problem ?? "the refreshed ID token is not valid");
            }

            // OpenID Connect Core §12.2: a refreshed ID token must be about the same user.
            if (!string.Equals(refreshed.User, identity.User, StringComparison.Ordinal))
            {
                return new RefreshResult.Failed("the refreshed ID token names another user");
            }

            identity = refreshed;
            binding = refreshedBinding;
        }

        return new RefreshResult.Refreshed(identity, Tokens(tokens, idToken, refreshToken: tokens.RefreshToken ?? refreshToken), binding);
    }

    private async Task<(UserIdentity? Identity, SessionBinding? Binding, string? Problem)> BuildIdentityAsync(
        string idToken, string? expectedNonce, TokenEndpointResponse tokens, OpenIdConnectConfiguration configuration, CancellationToken cancellationToken)
    {
        var validation = await idTokenValidator.ValidateAsync(idToken, configuration, expectedNonce);
        if (validation.Token is null)
        {
            return (null, null, validation.Problem);
        }

        var identity = events.CreateIdentity(validation.Token);
        if (identity.User.Length == 0)
        {
            return (null, null, "the ID token names no user (no 'sub' claim)");
        }

        return (await events.EnrichIdentityAsync(identity, validation.Token, tokens.AccessToken, cancellationToken), events.Bind(validation.Token), null);
    }

    private SessionTokens Tokens(TokenEndpointResponse tokens, string? idToken, string? refreshToken)
    {
        var accessTokenExpiresAt = tokens.ExpiresIn is > 0 ? time.GetUtcNow().AddSeconds(tokens.ExpiresIn.Value) : (DateTimeOffset?)null;
        return new SessionTokens(idToken, tokens.AccessToken, refreshToken, accessTokenExpiresAt);
    }
}
