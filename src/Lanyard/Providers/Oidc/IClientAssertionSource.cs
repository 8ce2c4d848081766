namespace Lanyard.Providers.Oidc;

/// <summary>Where a client assertion (RFC 7521/7523 <c>client_assertion</c>) comes from, asked for per token request.</summary>
internal interface IClientAssertionSource
{
    /// <summary>A fresh assertion for a request to <paramref name="tokenEndpoint"/>.</summary>
    /// <exception cref="ClientAssertionUnavailableException">When none can be had; the message says why.</exception>
    ValueTask<string> GetAssertionAsync(Uri tokenEndpoint, CancellationToken cancellationToken);
}
