namespace Lanyard.Providers.Oidc;

/// <summary>No client assertion could be had (token file unreadable, managed identity endpoint down …).</summary>
internal sealed class ClientAssertionUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
