using Lanyard.Configuration;
using StackExchange.Redis;

namespace Lanyard.Sessions;

/// <summary>
/// One multiplexed Redis connection for the process (StackExchange.Redis). It does not abort when Redis is down at
/// startup and reconnects by itself, so an outage ends without a restart. Short timeouts: a request waiting on
/// Redis should fail fast with a 503, not hang.
/// </summary>
internal sealed class RedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public RedisConnection(SessionStoreOptions.Redis options)
    {
        var configuration = new ConfigurationOptions
        {
            EndPoints = { options.Endpoint },
            DefaultDatabase = options.Database,
            User = options.User,
            Password = options.Password?.Reveal(),
            Ssl = options.Tls,
            AbortOnConnectFail = false,
            ConnectTimeout = 2000,
            SyncTimeout = 2000,
            AsyncTimeout = 2000,
            ConnectRetry = 1,
            ClientName = "lanyard",
        };
        if (options.SkipTlsVerify)
        {
            // redis_insecure_skip_tls_verify: the user asked for it by name, for self-signed test servers.
#pragma warning disable CA5359
            configuration.CertificateValidation += (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        _multiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration));
    }

    public IDatabase Database => _multiplexer.Value.GetDatabase();

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
