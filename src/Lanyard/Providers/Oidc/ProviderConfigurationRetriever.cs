using Lanyard.Configuration;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// What <see cref="ProviderMetadata"/>'s <see cref="ConfigurationManager{T}"/> loads: the discovery document, or with
/// <c>skip_oidc_discovery</c> a document made from the configured endpoints, with the keys of <c>oidc_jwks_url</c>
/// (fetched, and refetched on IdentityModel's schedule, as discovered keys are) and no discovery request at all.
/// Keys from <c>oidc_public_key_files</c> are added either way.
/// </summary>
internal sealed class ProviderConfigurationRetriever(ProviderOptions options) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    /// <summary>What the manager is pointed at, and names in its errors: the discovery document, or the key set.</summary>
    public static string AddressFor(ProviderOptions options) => options.Endpoints switch
    {
        { SkipDiscovery: false } => options.IssuerUrl.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration",
        { JwksUrl: { } jwks } => jwks.AbsoluteUri,
        _ => "oidc_public_key_files",
    };

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var endpoints = options.Endpoints;
        var configuration = endpoints.SkipDiscovery
            ? await ConfiguredAsync(endpoints, retriever, cancel)
            : await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancel);
        foreach (var key in endpoints.StaticKeys)
        {
            configuration.SigningKeys.Add(key);
        }

        return configuration;
    }

    private async Task<OpenIdConnectConfiguration> ConfiguredAsync(ProviderEndpointOptions endpoints, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var configuration = new OpenIdConnectConfiguration
        {
            // As configured, not as Uri normalises it: "https://idp.example" must stay without the slash Uri adds.
            Issuer = options.IssuerUrl.OriginalString.Trim(),
            AuthorizationEndpoint = endpoints.LoginUrl?.AbsoluteUri,
            TokenEndpoint = endpoints.RedeemUrl?.AbsoluteUri,
        };
        if (endpoints.JwksUrl is { } jwks)
        {
            configuration.JwksUri = jwks.AbsoluteUri;
            var keySet = new JsonWebKeySet(await retriever.GetDocumentAsync(jwks.AbsoluteUri, cancel));
            configuration.JsonWebKeySet = keySet;
            foreach (var key in keySet.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }
        }

        return configuration;
    }
}
