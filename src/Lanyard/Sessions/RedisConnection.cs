using Lanyard.Configuration;
using StackExchange.Redis;

namespace Lanyard.Sessions;

/// <summary>
/// One multiplexed Redis connection for the process (StackExchange.Redis), to one server, to the master Sentinel
/// names (followed through failovers), or to a cluster (slots discovered, MOVED followed). It does not abort when
/// Redis is down at startup and reconnects by itself, so an outage ends without a restart. Short timeouts: a
/// request waiting on Redis should fail fast with a 503, not hang.
/// </summary>
internal sealed class RedisConnection : IDisposable
{
    private readonly SessionStoreOptions.Redis _options;
    private readonly Lock _connecting = new();
    private ConnectionMultiplexer? _sentinels;
    private ConnectionMultiplexer? _multiplexer;

    public RedisConnection(SessionStoreOptions.Redis options) => _options = options;

    /// <exception cref="RedisConnectionException">Sentinel mode, when no sentinel names a reachable master yet; the next call tries again.</exception>
    public IDatabase Database => (Volatile.Read(ref _multiplexer) ?? Connect()).GetDatabase();

    public void Dispose()
    {
        _multiplexer?.Dispose();
        _sentinels?.Dispose();
    }

    private ConnectionMultiplexer Connect()
    {
        lock (_connecting)
        {
            if (_multiplexer is not null)
            {
                return _multiplexer;
            }

            var data = Configure(_options.Servers is RedisServers.Standalone standalone ? [standalone.Endpoint]
                : _options.Servers is RedisServers.Cluster cluster ? cluster.Nodes : []);
            data.User = _options.User;
            data.Password = _options.Password?.Reveal();
            data.DefaultDatabase = _options.Database;
            if (_options.Servers is RedisServers.Sentinel sentinel)
            {
                // The sentinels have their own password; the master has redis_password. One multiplexer watches the
                // sentinels (and moves the other to a new master after a failover), the other carries the commands.
                data.ServiceName = sentinel.MasterName;
                if (_sentinels is null)
                {
                    var sentinels = Configure(sentinel.Sentinels);
                    sentinels.ServiceName = sentinel.MasterName;
                    sentinels.Password = sentinel.SentinelPassword?.Reveal();
                    _sentinels = ConnectionMultiplexer.SentinelConnect(sentinels);
                }

                return _multiplexer = _sentinels.GetSentinelMasterConnection(data);
            }

            return _multiplexer = ConnectionMultiplexer.Connect(data);
        }
    }

    private ConfigurationOptions Configure(IEnumerable<string> endpoints)
    {
        var configuration = new ConfigurationOptions
        {
            Ssl = _options.Tls,
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

        if (_options.IdleTimeout > TimeSpan.Zero)
        {
            // go-redis closes idle connections; a multiplexer keeps one and pings it instead, often enough that
            // the server's own idle timeout never fires.
            configuration.KeepAlive = Math.Max(1, (int)_options.IdleTimeout.TotalSeconds / 2);
        }

        if (_options.SkipTlsVerify)
        {
            // redis_insecure_skip_tls_verify: the user asked for it by name, for self-signed test servers.
#pragma warning disable CA5359
            configuration.CertificateValidation += (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (_options.CaPath is { } caPath)
        {
            configuration.TrustIssuer(caPath);
        }

        return configuration;
    }
}
