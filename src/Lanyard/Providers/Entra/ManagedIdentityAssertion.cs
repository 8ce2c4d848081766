using Lanyard.Configuration;
using Lanyard.Providers.Oidc;

namespace Lanyard.Providers.Entra;

/// <summary>
/// The client assertion is a managed identity's token for <c>api://AzureADTokenExchange</c>, from the instance
/// metadata endpoint (IMDS, entra-protocol.md §7.1); the app registration trusts that identity through a federated
/// credential. The token is kept until five minutes before it expires. The address is
/// <c>entra_id_managed_identity_endpoint</c>; the request itself is <see cref="ManagedIdentityEndpoint"/>'s.
/// </summary>
internal sealed class ManagedIdentityAssertion(ProviderOptions options, IHttpClientFactory httpClients, TimeProvider time) : IClientAssertionSource, IDisposable
{
    public const string HttpClientName = "lanyard-managed-identity";
    private const string Resource = "api://AzureADTokenExchange";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ManagedIdentityAccessToken? _cached;

    public void Dispose() => _gate.Dispose();

    public async ValueTask<string> GetAssertionAsync(Uri tokenEndpoint, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _cached) is { } cached && cached.ExpiresOn - RefreshMargin > time.GetUtcNow())
        {
            return cached.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && again.ExpiresOn - RefreshMargin > time.GetUtcNow())
            {
                return again.Token;
            }

            var fetched = await FetchAsync(cancellationToken);
            Volatile.Write(ref _cached, fetched);
            return fetched.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task<ManagedIdentityAccessToken> FetchAsync(CancellationToken cancellationToken)
    {
        var identity = (ClientCredentialOptions.ManagedIdentity)options.Credential;
        return new ManagedIdentityEndpoint(httpClients.CreateClient(HttpClientName), time).RequestAsync(identity.Endpoint, identity.ClientId, Resource, cancellationToken);
    }
}
