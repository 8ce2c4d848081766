using Lanyard.Observability;
using Microsoft.IdentityModel.Protocols;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// Fetches discovery and JWKS documents through a short-lived client from <see cref="IHttpClientFactory"/> (so
/// handlers rotate and tests can route the backchannel) and refuses plain HTTP except on loopback; the client
/// bounds the size of what it reads. Every fetch is counted (<c>lanyard_provider_document_fetches</c>): IdentityModel
/// refetches on its own schedule, and a provider that stopped answering shows there before sign-ins fail.
/// </summary>
internal sealed class ProviderDocumentRetriever(IHttpClientFactory httpClients, LanyardMetrics metrics) : IDocumentRetriever
{
    private const string DiscoveryPath = "/.well-known/openid-configuration";

    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        var document = address.Contains(DiscoveryPath, StringComparison.Ordinal) ? "discovery" : "keys";
        try
        {
            var text = await FetchAsync(address, cancel);
            metrics.ProviderDocumentFetched(document, "ok");
            return text;
        }
        catch
        {
            // Any failure (refused, unreachable, timed out, cut off mid-read) is one the operator should see counted.
            metrics.ProviderDocumentFetched(document, "error");
            throw;
        }
    }

    private async Task<string> FetchAsync(string address, CancellationToken cancel)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw new InvalidOperationException($"Refusing to fetch provider metadata from '{address}': it must be an https URL (http only on loopback).");
        }

        // Buffered: the named client's MaxResponseContentBufferSize bounds the document, chunked or not.
        var client = httpClients.CreateClient(HttpClientNames.Provider);
        using var response = await client.GetAsync(uri, cancel);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"'{address}' answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        return await response.Content.ReadAsStringAsync(cancel);
    }
}
