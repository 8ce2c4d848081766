using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Configuration.Validation;

namespace Lanyard.Tests.Configuration;

public sealed class SessionStoreBinderTests
{
    private const string Base = """
        provider = "oidc"
        oidc_issuer_url = "https://idp.example.com"
        client_id = "c"
        client_secret = "s"
        cookie_secret = "0123456789abcdef0123456789abcdef"
        email_domains = ["*"]
        """;

    private static LanyardOptions Bind(string toml)
    {
        var errors = new List<ConfigurationError>();
        var layers = new SettingsLayers().Add(SettingsLayers.Defaults()).Add(TomlConfigFile.Parse(Base + "\n" + toml, "lanyard.toml", errors));
        return LanyardOptionsBinder.Bind(layers, errors, _ => null);
    }

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
        Assert.Equal(endpoint, redis.Endpoint);
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

    [Theory]
    [InlineData("session_store_type = \"memcached\"", "session_store_type")]
    [InlineData("session_store_type = \"redis\"", "redis_connection_url")]
    [InlineData("session_store_type = \"redis\"\nredis_connection_url = \"http://user:hunter2@r:1\"", "redis_connection_url")]
    public void BadSessionStore_IsAnErrorNamingTheOption(string toml, string option)
    {
        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Bind(toml)).Errors);
        Assert.Equal(option, error.Option);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
