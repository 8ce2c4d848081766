using Lanyard.Configuration;
using Lanyard.Observability;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// The provider's discovery document (or, with <c>skip_oidc_discovery</c>, one made from the configured endpoints:
/// <see cref="ProviderConfigurationRetriever"/>) and signing keys, fetched lazily and cached by IdentityModel's
/// <see cref="ConfigurationManager{T}"/>. The discovered issuer is checked against <c>oidc_issuer_url</c> (OpenID
/// Connect Discovery §4.3) before anything uses the document.
/// </summary>
internal sealed class ProviderMetadata
{
    private readonly ProviderOptions _options;
    private readonly OidcProviderEvents _events;
    private readonly ILogger<ProviderMetadata> _logger;
    private volatile bool _loaded;

    public ProviderMetadata(ProviderOptions options, ProviderDocumentRetriever retriever, OidcProviderEvents events, ILogger<ProviderMetadata> logger)
    {
        _options = options;
        _events = events;
        _logger = logger;
        Manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            ProviderConfigurationRetriever.AddressFor(options), new ProviderConfigurationRetriever(options), retriever);
    }

    public ConfigurationManager<OpenIdConnectConfiguration> Manager { get; }

    /// <summary>True once a discovery document with an acceptable issuer has been loaded (readiness).</summary>
    public bool IsLoaded => _loaded;

    /// <summary>The current document, or null when it cannot be had or is not acceptable (already logged).</summary>
    public async Task<OpenIdConnectConfiguration?> GetAsync(CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await Manager.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            LogEvents.ProviderMetadataUnavailable(_logger, Manager.MetadataAddress, e.Message);
            return null;
        }

        if (_events.ValidateDiscoveredIssuer(configuration.Issuer, _options) is { } problem)
        {
            LogEvents.ProviderIssuerRejected(_logger, configuration.Issuer, problem);
            return null;
        }

        if (!_loaded)
        {
            _loaded = true;
            LogEvents.ProviderMetadataLoaded(_logger, configuration.Issuer, configuration.SigningKeys.Count);
        }

        return configuration;
    }
}
