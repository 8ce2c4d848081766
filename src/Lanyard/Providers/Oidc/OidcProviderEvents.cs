using System.Text.Json;
using Lanyard.Configuration;
using Lanyard.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// The seams where a provider differs from plain OpenID Connect. The generic behaviour lives here; a provider
/// (Entra ID) subclasses and overrides, so its quirks stay in its own folder and out of the request path.
/// </summary>
internal class OidcProviderEvents
{
    /// <summary>
    /// OpenID Connect Discovery §4.3: the discovered issuer must be the configured one, unless
    /// <c>insecure_oidc_skip_issuer_verification</c> is set. Returns why not, or null.
    /// </summary>
    public virtual string? ValidateDiscoveredIssuer(string? discoveredIssuer, ProviderOptions options)
    {
        if (options.SkipIssuerVerification)
        {
            return null;
        }

        var expected = options.IssuerUrl.AbsoluteUri.TrimEnd('/');
        return string.Equals(discoveredIssuer?.TrimEnd('/'), expected, StringComparison.Ordinal)
            ? null
            : $"the discovery document names issuer '{discoveredIssuer}', but oidc_issuer_url is '{options.IssuerUrl}'";
    }

    /// <summary>Adjusts ID token validation before it runs: with issuer verification skipped, no issuer match.</summary>
    public virtual void ConfigureIdTokenValidation(TokenValidationParameters parameters, ProviderOptions options)
    {
        if (options.SkipIssuerVerification)
        {
            parameters.ValidateIssuer = false;
        }
    }

    /// <summary>Adjusts bearer access token validation; by default the same issuer rule as for ID tokens.</summary>
    public virtual void ConfigureAccessTokenValidation(TokenValidationParameters parameters, ProviderOptions options) =>
        ConfigureIdTokenValidation(parameters, options);

    /// <summary>Checks on a validly signed bearer access token beyond the standard ones. Returns why it is refused, or null.</summary>
    public virtual string? ValidateAccessToken(JsonWebToken accessToken, ProviderOptions options, string? discoveredIssuer) => null;

    /// <summary>Maps a bearer access token's claims to an identity; by default as an ID token's.</summary>
    public virtual UserIdentity CreateIdentityFromAccessToken(JsonWebToken accessToken) => CreateIdentity(accessToken);

    /// <summary>Checks on a validly signed ID token beyond the standard ones. Returns why it is refused, or null.</summary>
    public virtual string? ValidateIdToken(JsonWebToken idToken, ProviderOptions options) => null;

    /// <summary>Maps the ID token's claims to a provider-neutral identity (oauth2-proxy: user = sub).</summary>
    public virtual UserIdentity CreateIdentity(JsonWebToken idToken) => new(
        User: Claim(idToken, "sub") ?? "",
        Email: Claim(idToken, "email"),
        PreferredUsername: Claim(idToken, "preferred_username"),
        Groups: Claims(idToken, "groups"),
        Roles: Claims(idToken, "roles"));

    /// <summary>
    /// Completes an identity with what the ID token alone does not carry (Entra ID: groups past the overage limit,
    /// from Microsoft Graph). Runs at sign-in and at every refresh, so the two never disagree.
    /// </summary>
    public virtual ValueTask<UserIdentity> EnrichIdentityAsync(UserIdentity identity, JsonWebToken idToken, string? accessToken, CancellationToken cancellationToken) =>
        ValueTask.FromResult(identity);

    protected static string? Claim(JsonWebToken token, string type) =>
        token.TryGetPayloadValue<string>(type, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>A claim that may be an array of strings or a single string.</summary>
    protected static IReadOnlyList<string> Claims(JsonWebToken token, string type)
    {
        if (!token.TryGetPayloadValue<JsonElement>(type, out var element))
        {
            return [];
        }

        return element.ValueKind switch
        {
            JsonValueKind.Array => [.. element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            JsonValueKind.String => [element.GetString()!],
            _ => [],
        };
    }
}
