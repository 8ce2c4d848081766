using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Redis that asks for credentials, on a real redis-server: a password (requirepass) given by redis_password or in
/// the URL, and an ACL user given by redis_username. Wrong credentials are not ready and 503, never a pass.
/// </summary>
public sealed class RedisAuthTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;

    // The default user has a password; "lanyard" is an ACL user with its own.
    public async ValueTask InitializeAsync() => _redis = await RedisServerProcess.StartAsync(
        durable: false, "--requirepass", "default-pw", "--user", "lanyard", "on", ">lanyard-pw", "~*", "+@all");

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    private static Task<LanyardTestEnvironment> StartAsync(string url, Action<Dictionary<string, object>>? credentials = null) => LanyardTestEnvironment.StartAsync(s =>
    {
        s["session_store_type"] = "redis";
        s["redis_connection_url"] = url;
        credentials?.Invoke(s);
    });

    [Fact]
    public async Task PasswordOption_SignsIn()
    {
        await using var env = await StartAsync(_redis.Url, s => s["redis_password"] = "default-pw");
        using var browser = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
    }

    [Fact]
    public async Task AclUserAndPasswordInTheUrl_SignIn()
    {
        await using var env = await StartAsync($"redis://lanyard:lanyard-pw@127.0.0.1:{_redis.Port}");
        using var browser = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
    }

    [Fact]
    public async Task WrongPassword_IsNotReadyAnd503()
    {
        await using var env = await StartAsync(_redis.Url, s => s["redis_password"] = "wrong");
        using var api = env.ApiClient();
        using var browser = env.Browser();

        using var ready = await api.GetAsync("/ready", TestContext.Current.CancellationToken);
        var signIn = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
    }
}
