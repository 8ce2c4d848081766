using Lanyard.Configuration;
using Lanyard.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// <c>extra_jwt_issuers</c>: bearer tokens whose <c>iss</c> is one of these issuers are checked against that issuer
/// alone (its discovery document's keys, cached and refreshed by IdentityModel, and the entry's audience), then read
/// as generic OpenID Connect tokens, whatever the main provider is: Entra ID's tenant rules are for Entra's tokens.
/// A token naming a key the issuer lacks asks for a refresh, which IdentityModel allows at most every five minutes.
/// </summary>
internal sealed class ExtraJwtIssuers
{
    private readonly IReadOnlyList<(ExtraJwtIssuer Entry, ConfigurationManager<OpenIdConnectConfiguration> Manager)> _issuers;
    private readonly IdTokenValidator _validator;
    private readonly OidcProviderEvents _generic;

    public ExtraJwtIssuers(ProviderOptions options, ProviderDocumentRetriever retriever, IdTokenValidator validator)
    {
        _validator = validator;
        _generic = new OidcProviderEvents(options);
        _issuers = [.. options.ExtraJwtIssuers.Select(entry => (entry, new ConfigurationManager<OpenIdConnectConfiguration>(
            entry.Issuer.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(), retriever)))];
    }

    /// <summary>The entry for the token's (unverified) issuer, or none: then the main provider judges it.</summary>
    public bool Claims(string token, out int index)
    {
        index = -1;
        if (_issuers.Count == 0)
        {
            return false;
        }

        string issuer;
        try
        {
            issuer = new JsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return false;
        }

        for (var i = 0; i < _issuers.Count; i++)
        {
            if (SameIssuer(_issuers[i].Entry.Issuer.OriginalString, issuer))
            {
                index = i;
                return true;
            }
        }

        return false;
    }

    public async Task<(UserIdentity? Identity, DateTimeOffset ExpiresAt, string? Problem)> ResolveAsync(int index, string token, CancellationToken cancellationToken)
    {
        var (entry, manager) = _issuers[index];
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await manager.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            throw new ProviderUnavailableException($"the keys of {entry.Issuer} (extra_jwt_issuers) could not be loaded");
        }

        if (!SameIssuer(entry.Issuer.OriginalString, configuration.Issuer))
        {
            return (null, default, $"the discovery document of {entry.Issuer} names another issuer");
        }

        var (valid, problem, unknownKey) = await _validator.ValidateExtraIssuerAsync(token, configuration, entry.Audience);
        if (valid is null)
        {
            if (unknownKey)
            {
                manager.RequestRefresh();
            }

            return (null, default, problem);
        }

        var type = _generic.ClassifyBearerToken(valid);
        if (type is BearerTokenType.Refused refused)
        {
            return (null, default, "the token is not acceptable here: " + refused.Reason);
        }

        var identity = _generic.CreateIdentityFromAccessToken(valid, type);
        return identity.User.Length == 0
            ? (null, default, "the access token names no user (no 'sub' claim)")
            : (identity, new DateTimeOffset(valid.ValidTo, TimeSpan.Zero), null);
    }

    private static bool SameIssuer(string configured, string? actual) =>
        actual is not null && string.Equals(configured.TrimEnd('/'), actual.TrimEnd('/'), StringComparison.Ordinal);
}
