using System.Security.Cryptography.X509Certificates;
using Lanyard.Security;

namespace Lanyard.Configuration;

/// <summary>Where sessions live: the cookie itself, or Redis with only a ticket in the cookie.</summary>
internal abstract record SessionStoreOptions
{
    private SessionStoreOptions()
    {
    }

    public sealed record Cookie : SessionStoreOptions;

    /// <param name="Servers">One server, a Sentinel-watched master, or a cluster.</param>
    /// <param name="Password">The data servers' password (<c>redis_password</c> or the URL's), never the sentinels'.</param>
    /// <param name="Tls">rediss:// URLs, or TLS options set (oauth2-proxy turns TLS on for either).</param>
    /// <param name="CaCertificates">The CAs in <c>redis_ca_path</c>, trusted beside the system's; none when unset.</param>
    /// <param name="IdleTimeout">The server's idle <c>timeout</c> to stay under (<c>redis_connection_idle_timeout</c>); zero when unset.</param>
    public sealed record Redis(
        RedisServers Servers,
        int Database,
        bool Tls,
        bool SkipTlsVerify,
        string? User,
        Secret? Password,
        X509Certificate2Collection? CaCertificates,
        TimeSpan IdleTimeout) : SessionStoreOptions;

    public static readonly SessionStoreOptions InCookie = new Cookie();
}

/// <summary>How the Redis that holds sessions is deployed (oauth2-proxy's three modes).</summary>
internal abstract record RedisServers
{
    private RedisServers()
    {
    }

    /// <param name="Endpoint">host:port.</param>
    public sealed record Standalone(string Endpoint) : RedisServers;

    /// <summary>Sentinels name the current master of <paramref name="MasterName"/>; a failover moves it.</summary>
    /// <param name="Sentinels">host:port of each sentinel.</param>
    /// <param name="SentinelPassword">The sentinels' own password (<c>redis_sentinel_password</c>).</param>
    public sealed record Sentinel(string MasterName, IReadOnlyList<string> Sentinels, Secret? SentinelPassword) : RedisServers;

    /// <param name="Nodes">host:port of some cluster nodes; the rest are discovered.</param>
    public sealed record Cluster(IReadOnlyList<string> Nodes) : RedisServers;
}
