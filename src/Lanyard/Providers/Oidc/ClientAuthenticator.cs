using System.Net.Http.Headers;
using System.Text;
using Lanyard.Configuration;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// Adds this client's credentials to a token request, the same way for every grant (a refresh that forgot the
/// assertion was oauth2-proxy #3028). A secret goes in the Basic header when the provider supports it (the
/// OpenID Connect default; some providers register a client for it alone), else in the form. Any other
/// credential is a client assertion.
/// </summary>
internal sealed class ClientAuthenticator(ProviderOptions options, IClientAssertionSource? assertions = null)
{
    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public async ValueTask ApplyAsync(HttpRequestMessage request, Dictionary<string, string> form, Uri tokenEndpoint, IReadOnlyCollection<string> supportedMethods, CancellationToken cancellationToken)
    {
        form["client_id"] = options.ClientId;
        if (options.Credential is ClientCredentialOptions.ClientSecret secret)
        {
            if (supportedMethods.Count == 0 || supportedMethods.Contains("client_secret_basic"))
            {
                // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined and base64-encoded.
                var credentials = Uri.EscapeDataString(options.ClientId) + ":" + Uri.EscapeDataString(secret.Value.Reveal());
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            }
            else
            {
                form["client_secret"] = secret.Value.Reveal();
            }

            return;
        }

        if (assertions is null)
        {
            throw new ClientAssertionUnavailableException("no client assertion source is configured");
        }

        form["client_assertion_type"] = JwtBearerAssertionType;
        form["client_assertion"] = await assertions.GetAssertionAsync(tokenEndpoint, cancellationToken);
    }
}
