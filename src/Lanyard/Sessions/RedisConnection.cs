using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Configuration;
using StackExchange.Redis;

namespace Lanyard.Sessions;

/// <summary>
/// One multiplexed Redis connection for the process (StackExchange.Redis). It goes to one server, to the master
/// Sentinel names (and follows a failover), or to a cluster (slots discovered, MOVED followed). It does not abort
/// when Redis is down at startup and reconnects by itself, so an outage ends without a restart. Timeouts are short:
/// a request waiting on Redis should fail fast with a 503, not hang.
/// </summary>
internal sealed class RedisConnection(SessionStoreOptions.Redis options) : IDisposable
{
    private readonly Lock _attemptLock = new();
    private ConnectionMultiplexer? _sentinels;
    private Task<ConnectionMultiplexer>? _attempt;

    /// <summary>Whether an exception is Redis failing: StackExchange.Redis's timeouts are not <see cref="RedisException"/>s.</summary>
    public static bool IsFailure(Exception e) => e is RedisException or RedisTimeoutException;

    /// <summary>
    /// The database, connecting first if needed. Concurrent callers share one connection attempt rather than
    /// queueing behind a lock. A failed attempt fails all of them, and the next call starts a new one. Once
    /// connected, this is a completed task: awaiting it costs nothing.
    /// </summary>
    /// <exception cref="RedisConnectionException">No connection could be made (in Sentinel mode: no sentinel named a reachable master).</exception>
    public async ValueTask<IDatabase> GetDatabaseAsync() => (await CurrentAttempt()).GetDatabase();

    public void Dispose()
    {
        if (_attempt is { IsCompletedSuccessfully: true } connected)
        {
            connected.GetAwaiter().GetResult().Dispose();
        }

        _sentinels?.Dispose();
    }

    private Task<ConnectionMultiplexer> CurrentAttempt()
    {
        if (Volatile.Read(ref _attempt) is { IsFaulted: false, IsCanceled: false } attempt)
        {
            return attempt;
        }

        lock (_attemptLock)
        {
            if (_attempt is null || _attempt.IsFaulted || _attempt.IsCanceled)
            {
                // Sentinel's discovery is synchronous: keep it off the request's thread.
                _attempt = Task.Run(ConnectAsync);
            }

            return _attempt;
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var data = Configure(options.Servers switch
        {
            RedisServers.Standalone standalone => [standalone.Endpoint],
            RedisServers.Cluster cluster => cluster.Nodes,
            _ => [],
        });
        data.User = options.User;
        data.Password = options.Password?.Reveal();
        data.DefaultDatabase = options.Database;
        if (options.Servers is not RedisServers.Sentinel sentinel)
        {
            return await ConnectionMultiplexer.ConnectAsync(data);
        }

        // The sentinels have their own password; the master has redis_password. One multiplexer watches the
        // sentinels (and moves the other to a new master after a failover), the other carries the commands.
        data.ServiceName = sentinel.MasterName;
        if (_sentinels is null)
        {
            var sentinels = Configure(sentinel.Sentinels);
            sentinels.ServiceName = sentinel.MasterName;
            sentinels.Password = sentinel.SentinelPassword?.Reveal();
            _sentinels = await ConnectionMultiplexer.SentinelConnectAsync(sentinels);
        }

        return _sentinels.GetSentinelMasterConnection(data);
    }

    private ConfigurationOptions Configure(IEnumerable<string> endpoints)
    {
        var configuration = new ConfigurationOptions
        {
            Ssl = options.Tls,
            AbortOnConnectFail = false,
            ConnectTimeout = 2000,
            SyncTimeout = 2000,
            AsyncTimeout = 2000,
            ConnectRetry = 1,
            ClientName = "lanyard",
        };
        foreach (var endpoint in endpoints)
        {
            configuration.EndPoints.Add(endpoint);
        }

        if (options.IdleTimeout > TimeSpan.Zero)
        {
            // go-redis closes idle connections; a multiplexer keeps one and pings it instead, often enough that
            // the server's own idle timeout never fires.
            configuration.KeepAlive = Math.Max(1, (int)options.IdleTimeout.TotalSeconds / 2);
        }

        if (options.SkipTlsVerify)
        {
            // redis_insecure_skip_tls_verify: the user asked for it by name, for self-signed test servers.
#pragma warning disable CA5359
            configuration.CertificateValidation += (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (options.CaCertificates is { Count: > 0 } authorities)
        {
            configuration.CertificateValidation += (_, certificate, _, errors) => IsTrusted(certificate, errors, authorities);
        }

        return configuration;
    }

    /// <summary>
    /// <c>redis_ca_path</c> adds its CAs to the system's, as oauth2-proxy does: a certificate the system trusts
    /// passes, else its chain must end at one of the file's CAs. The name must match either way.
    /// </summary>
    private static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (certificate is X509Certificate2 leaf)
        {
            return chain.Build(leaf);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(loaded);
    }
}
