using Lanyard.Security;

namespace Lanyard.Configuration;

/// <summary>Where sessions live: the cookie itself, or Redis with only a ticket in the cookie.</summary>
internal abstract record SessionStoreOptions
{
    private SessionStoreOptions()
    {
    }

    public sealed record Cookie : SessionStoreOptions;

    /// <param name="Endpoint">host:port.</param>
    public sealed record Redis(string Endpoint, int Database, bool Tls, bool SkipTlsVerify, string? User, Secret? Password) : SessionStoreOptions;

    public static readonly SessionStoreOptions InCookie = new Cookie();
}
