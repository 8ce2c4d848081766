using Lanyard.Configuration;

namespace Lanyard.Tests.Configuration;

public sealed class SessionStoreBinderTests
{
    private static LanyardOptions Bind(string toml) => TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + toml);

    [Fact]
    public void CookieStore_IsTheDefault() => Assert.IsType<SessionStoreOptions.Cookie>(Bind("").Sessions);

    [Theory]
    [InlineData("redis://127.0.0.1:6380", "127.0.0.1:6380", 0, false, null, null)]
    [InlineData("redis://redis.internal", "redis.internal:6379", 0, false, null, null)]
    [InlineData("rediss://app:pa%40ss@redis.internal:6380/3", "redis.internal:6380", 3, true, "app", "pa@ss")]
    [InlineData("redis://:only-password@redis.internal", "redis.internal:6379", 0, false, null, "only-password")]
    public void RedisUrl_IsReadAsOauth2ProxyReadsIt(string url, string endpoint, int database, bool tls, string? user, string? password)
    {
        var redis = Assert.IsType<SessionStoreOptions.Redis>(Bind($"session_store_type = \"redis\"\nredis_connection_url = \"{url}\"").Sessions);
        Assert.Equal(new RedisServers.Standalone(endpoint), redis.Servers);
        Assert.Equal(database, redis.Database);
        Assert.Equal(tls, redis.Tls);
        Assert.Equal(user, redis.User);
        Assert.Equal(password, redis.Password?.Reveal());
    }

    [Fact]
    public void RedisPasswordOption_OverridesTheUrls()
    {
        var redis = Assert.IsType<SessionStoreOptions.Redis>(Bind("session_store_type = \"redis\"\nredis_connection_url = \"redis://:url@r:1\"\nredis_password = \"option\"").Sessions);
        Assert.Equal("option", redis.Password?.Reveal());
    }

    [Fact]
    public void Sentinel_TakesTheMasterNameAndSentinelUrls_WithTheirOwnPassword()
    {
        var redis = Assert.IsType<SessionStoreOptions.Redis>(Bind("""
            session_store_type = "redis"
            redis_use_sentinel = true
            redis_sentinel_master_name = "mymaster"
            redis_sentinel_connection_urls = ["redis://sentinel-0:26380", "redis://sentinel-1"]
            redis_sentinel_password = "sentinels"
            redis_password = "master"
            """).Sessions);

        var sentinel = Assert.IsType<RedisServers.Sentinel>(redis.Servers);
        Assert.Equal("mymaster", sentinel.MasterName);
        Assert.Equal(["sentinel-0:26380", "sentinel-1:6379"], sentinel.Sentinels); // go-redis's default port, for sentinels too
        Assert.Equal("sentinels", sentinel.SentinelPassword?.Reveal());
        Assert.Equal("master", redis.Password?.Reveal());
    }

    [Fact]
    public void SentinelUrlCredentials_AreNotUsed_AsInOauth2Proxy()
    {
        var redis = Assert.IsType<SessionStoreOptions.Redis>(Bind("""
            session_store_type = "redis"
            redis_use_sentinel = true
            redis_sentinel_master_name = "mymaster"
            redis_sentinel_connection_urls = "redis://:s3cret@sentinel-0:26379/4"
            """).Sessions);

        Assert.Null(Assert.IsType<RedisServers.Sentinel>(redis.Servers).SentinelPassword);
        Assert.Null(redis.Password);
        Assert.Equal(0, redis.Database);
    }

    [Fact]
    public void TlsOptions_TurnTlsOn_EvenWithRedisUrls_AsInOauth2Proxy()
    {
        var redis = Assert.IsType<SessionStoreOptions.Redis>(Bind("session_store_type = \"redis\"\nredis_connection_url = \"redis://r:6380\"\nredis_insecure_skip_tls_verify = true").Sessions);
        Assert.True(redis.Tls);
    }

    [Fact]
    public void RedisCaPath_LoadsEveryCertificateOfABundle()
    {
        var bundle = Path.GetTempFileName();
        try
        {
            File.WriteAllText(bundle, SelfSignedPem("CN=Old CA") + SelfSignedPem("CN=New CA"));
            var redis = Assert.IsType<SessionStoreOptions.Redis>(Bind($"session_store_type = \"redis\"\nredis_connection_url = \"rediss://r:6380\"\nredis_ca_path = \"{bundle}\"").Sessions);
            Assert.Equal(["CN=Old CA", "CN=New CA"], redis.CaCertificates!.Select(c => c.Subject));
        }
        finally
        {
            File.Delete(bundle);
        }
    }

    [Fact]
    public void RedisCaPath_WithoutCertificates_FailsAtStartup()
    {
        var notPem = Path.GetTempFileName();
        try
        {
            File.WriteAllText(notPem, "not a certificate");
            var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Bind($"session_store_type = \"redis\"\nredis_connection_url = \"rediss://r:6380\"\nredis_ca_path = \"{notPem}\"")).Errors);
            Assert.Equal("redis_ca_path", error.Option);
        }
        finally
        {
            File.Delete(notPem);
        }
    }

    private static string SelfSignedPem(string subject)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        using var certificate = new System.Security.Cryptography.X509Certificates.CertificateRequest(subject, key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem() + "\n";
    }

    [Fact]
    public void Cluster_TakesItsNodeUrls_AsFlagsGiveThem()
    {
        var redis = Assert.IsType<SessionStoreOptions.Redis>(Bind("""
            session_store_type = "redis"
            redis_use_cluster = true
            redis_cluster_connection_urls = "rediss://:pw@node-0:7000,rediss://:pw@node-1:7001"
            redis_connection_idle_timeout = 300
            """).Sessions);

        Assert.Equal(["node-0:7000", "node-1:7001"], Assert.IsType<RedisServers.Cluster>(redis.Servers).Nodes);
        Assert.True(redis.Tls);
        Assert.Equal("pw", redis.Password?.Reveal());
        Assert.Equal(TimeSpan.FromMinutes(5), redis.IdleTimeout);
    }

    [Theory]
    [InlineData("session_store_type = \"memcached\"", "session_store_type")]
    [InlineData("session_store_type = \"redis\"\nredis_use_sentinel = true\nredis_use_cluster = true", "redis_use_cluster")]
    [InlineData("session_store_type = \"redis\"\nredis_use_sentinel = true\nredis_sentinel_connection_urls = \"redis://s:26379\"", "redis_sentinel_master_name")]
    [InlineData("session_store_type = \"redis\"\nredis_use_sentinel = true\nredis_sentinel_master_name = \"m\"", "redis_sentinel_connection_urls")]
    [InlineData("session_store_type = \"redis\"\nredis_use_cluster = true", "redis_cluster_connection_urls")]
    [InlineData("session_store_type = \"redis\"\nredis_use_cluster = true\nredis_cluster_connection_urls = [\"redis://a:1/2\"]", "redis_cluster_connection_urls")]
    [InlineData("session_store_type = \"redis\"\nredis_use_cluster = true\nredis_cluster_connection_urls = [\"redis://a:1\", \"rediss://b:2\"]", "redis_cluster_connection_urls")]
    [InlineData("session_store_type = \"redis\"\nredis_use_cluster = true\nredis_cluster_connection_urls = [\"https://user:hunter2@a:1\"]", "redis_cluster_connection_urls")]
    [InlineData("session_store_type = \"redis\"\nredis_connection_url = \"redis://a:1\"\nredis_ca_path = \"/no/such/ca.pem\"", "redis_ca_path")]
    [InlineData("session_store_type = \"redis\"\nredis_connection_url = \"redis://a:1\"\nredis_connection_idle_timeout = \"5m\"", "redis_connection_idle_timeout")]
    [InlineData("session_store_type = \"redis\"", "redis_connection_url")]
    [InlineData("session_store_type = \"redis\"\nredis_connection_url = \"http://user:hunter2@r:1\"", "redis_connection_url")]
    public void BadSessionStore_IsAnErrorNamingTheOption(string toml, string option)
    {
        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Bind(toml)).Errors);
        Assert.Equal(option, error.Option);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
