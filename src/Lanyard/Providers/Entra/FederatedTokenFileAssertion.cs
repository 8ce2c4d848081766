using Lanyard.Configuration;
using Lanyard.Providers.Oidc;

namespace Lanyard.Providers.Entra;

/// <summary>
/// The client assertion is a token someone else writes to a file (Azure Workload Identity's projected token, a
/// Kubernetes service-account token). Read on every request: the kubelet rewrites it before it expires, and a
/// copy cached at startup would go stale within a day (entra-protocol.md §7.3). The proxy and
/// <c>lanyard kubectl get-token --login workloadidentity</c> both read it through this.
/// </summary>
internal sealed class FederatedTokenFileAssertion(ClientCredentialOptions.FederatedTokenFile file) : IClientAssertionSource
{
    public async ValueTask<string> GetAssertionAsync(Uri tokenEndpoint, CancellationToken cancellationToken)
    {
        try
        {
            var token = (await File.ReadAllTextAsync(file.Path, cancellationToken)).Trim();
            return token.Length > 0 ? token : throw new ClientAssertionUnavailableException($"the federated token file {file.Path} ({file.Source}) is empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClientAssertionUnavailableException($"the federated token file {file.Path} ({file.Source}) cannot be read: {e.Message}", e);
        }
    }
}
