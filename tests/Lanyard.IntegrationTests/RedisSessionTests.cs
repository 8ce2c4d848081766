using System.Net;
using System.Net.Sockets;
using System.Text;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>session_store_type = "redis" on a real redis-server: replicas share sessions, sign-out revokes everywhere.</summary>
public sealed class RedisSessionTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    private Task<LanyardTestEnvironment> ReplicaAsync() => LanyardTestEnvironment.StartAsync(s =>
    {
        s["session_store_type"] = "redis";
        s["redis_connection_url"] = _redis.Url;
    });

    private static BrowserClient WithCookie(LanyardTestEnvironment env, string value)
    {
        var browser = env.Browser();
        browser.Cookies.Add(LanyardTestEnvironment.ProxyUrl, new Cookie("_oauth2_proxy", value) { Secure = true });
        return browser;
    }

    [Fact]
    public async Task SessionMadeOnOneReplica_WorksOnAnother_AndSignOutThereEndsItEverywhere()
    {
        await using var a = await ReplicaAsync();
        await using var b = await ReplicaAsync();
        using var onA = a.Browser();
        await onA.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var cookie = onA.Cookie("_oauth2_proxy")!;

        using var onB = WithCookie(b, cookie);
        var viaB = await onB.GetAsync("/oauth2/auth", followRedirects: false);
        Assert.Equal(HttpStatusCode.Accepted, viaB.StatusCode);
        Assert.Equal("alice@contoso.test", viaB.Header("X-Auth-Request-Email"));

        await onB.GetAsync("/oauth2/sign_out", followRedirects: false);

        // The copy of the cookie still in the first browser no longer works on the first replica either.
        using var copyOnA = WithCookie(a, cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copyOnA.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
    }

    [Fact]
    public async Task CookieCarriesOnlyATicket_AndRedisHoldsNoReadableToken()
    {
        await using var env = await ReplicaAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.True(browser.Cookie("_oauth2_proxy")!.Length < 200);
        var dump = await RedisCommandAsync(_redis.Port, "KEYS", "_oauth2_proxy-*");
        var key = dump.Split("\r\n").Single(line => line.StartsWith("_oauth2_proxy-", StringComparison.Ordinal));
        var value = await RedisCommandAsync(_redis.Port, "GET", key);
        Assert.DoesNotContain("alice", value, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("eyJ", value, StringComparison.Ordinal);
        var ttl = int.Parse((await RedisCommandAsync(_redis.Port, "TTL", key)).TrimStart(':').Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 167 * 3600, 168 * 3600);
    }

    [Fact]
    public async Task RedisDown_Is503NotAPass_PingStaysUp_AndNewSessionsWorkWhenItIsBack()
    {
        await using var env = await ReplicaAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        using var api = env.ApiClient();

        await _redis.StopAsync();
        var during = await browser.GetAsync("/oauth2/auth", followRedirects: false);
        using var ready = await api.GetAsync("/ready", TestContext.Current.CancellationToken);
        using var ping = await api.GetAsync("/ping", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);

        await _redis.RestartAsync();
        using var fresh = env.Browser();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        BrowserResponse landing;
        do
        {
            landing = await fresh.SignInAsync(DemoDirectory.BobUserPrincipalName);
        }
        while (landing.StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
    }

    /// <summary>Speaks RESP to the real server: what an operator with redis-cli would see.</summary>
    private static async Task<string> RedisCommandAsync(int port, params string[] args)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await using var stream = client.GetStream();
        var command = new StringBuilder($"*{args.Length}\r\n");
        foreach (var arg in args)
        {
            command.Append(System.Globalization.CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(arg)}\r\n{arg}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(command.ToString()));
        var buffer = new byte[64 * 1024];
        await Task.Delay(100);
        var read = await stream.ReadAsync(buffer);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
