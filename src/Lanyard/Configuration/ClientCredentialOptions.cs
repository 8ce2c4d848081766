using System.Security.Cryptography.X509Certificates;
using Lanyard.Security;

namespace Lanyard.Configuration;

/// <summary>
/// How this app proves itself at the provider's token endpoint: a closed set, chosen once at startup.
/// Every token request (code redemption and refresh alike) authenticates the same way.
/// </summary>
internal abstract record ClientCredentialOptions
{
    private ClientCredentialOptions()
    {
    }

    /// <summary><c>client_secret</c>: Basic header or form field, as the provider supports.</summary>
    public sealed record ClientSecret(Secret Value) : ClientCredentialOptions;

    /// <summary><c>private_key_jwt</c> (RFC 7523): an assertion signed with the app's certificate key.</summary>
    public sealed record Certificate(X509Certificate2 Value, string Path) : ClientCredentialOptions
    {
        public override string ToString() => $"Certificate {{ Path = {Path}, Thumbprint = {Value.Thumbprint} }}";
    }

    /// <summary>
    /// A token in a file, sent as the client assertion and read afresh for every request, because the kubelet
    /// rewrites it before it expires (Azure Workload Identity, Kubernetes service-account tokens).
    /// </summary>
    public sealed record FederatedTokenFile(string Path, string Source) : ClientCredentialOptions;

    /// <summary>A token for <c>api://AzureADTokenExchange</c> from the managed identity endpoint, sent as the assertion.</summary>
    public sealed record ManagedIdentity(string? ClientId, Uri Endpoint) : ClientCredentialOptions;
}
