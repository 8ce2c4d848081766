using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// redis_use_sentinel against a real redis-sentinel: Lanyard finds the master through it, and follows it when the
/// master dies and the sentinel promotes the replica, keeping the sessions that were replicated.
/// </summary>
public sealed class RedisSentinelTests
{
    private const string MasterName = "lanyard-sessions";

    [Fact]
    public async Task SessionsLiveOnTheMasterTheSentinelNames()
    {
        await using var master = await RedisServerProcess.StartAsync();
        await using var sentinel = await RedisSentinelProcess.StartAsync(MasterName, master.Port);
        await using var env = await StartAsync(sentinel);

        using var browser = env.Browser();
        var landing = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var auth = await browser.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Contains("_oauth2_proxy-", await RedisCommand.SendAsync(master.Port, "KEYS", "*"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterDies_SentinelPromotesTheReplica_AndSessionsGoOn()
    {
        await using var master = await RedisServerProcess.StartAsync();
        await using var replica = await RedisServerProcess.StartAsync(durable: false, "--replicaof", "127.0.0.1", master.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var sentinel = await RedisSentinelProcess.StartAsync(MasterName, master.Port);
        await using var env = await StartAsync(sentinel);
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        await Poll.UntilAsync(async () => (await RedisCommand.SendAsync(replica.Port, "DBSIZE")).Trim() == ":1", "the session to reach the replica");

        await master.StopAsync();
        await sentinel.WaitForFailoverAsync();

        // Lanyard moves to the promoted replica by itself; requests in between may see 503, never a pass.
        BrowserResponse auth = null!;
        await Poll.UntilAsync(async () =>
        {
            auth = await alice.GetAsync("/oauth2/auth", followRedirects: false);
            Assert.True(auth.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"during failover: {auth.StatusCode}");
            return auth.StatusCode == HttpStatusCode.Accepted;
        }, "Lanyard to reach the new master");
        using var bob = env.Browser();
        var bobLanding = await bob.SignInAsync(DemoDirectory.BobUserPrincipalName);

        Assert.Equal("alice@contoso.test", auth.Header("X-Auth-Request-Email"));
        Assert.Equal(HttpStatusCode.OK, bobLanding.StatusCode); // writable: the replica is the master now
        Assert.Equal(":2", (await RedisCommand.SendAsync(replica.Port, "DBSIZE")).Trim());
    }

    [Fact]
    public async Task NoSentinelReachable_StartsAnyway_NotReadyAnd503_ThenWorksOnceOneIsUp()
    {
        await using var master = await RedisServerProcess.StartAsync();
        var sentinelPort = FreePort.Next();
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["session_store_type"] = "redis";
            s["redis_use_sentinel"] = true;
            s["redis_sentinel_master_name"] = MasterName;
            s["redis_sentinel_connection_urls"] = new List<string> { $"redis://127.0.0.1:{sentinelPort}" };
        });
        using var api = env.ApiClient();
        using var browser = env.Browser();

        using var ready = await api.GetAsync("/ready", TestContext.Current.CancellationToken);
        var signIn = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);

        await using var sentinel = await RedisSentinelProcess.StartAsync(MasterName, master.Port, sentinelPort);
        await Poll.UntilAsync(async () => (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode == HttpStatusCode.OK, "sign-in to work once the sentinel is up");
    }

    private static Task<LanyardTestEnvironment> StartAsync(RedisSentinelProcess sentinel) => LanyardTestEnvironment.StartAsync(s =>
    {
        s["session_store_type"] = "redis";
        s["redis_use_sentinel"] = true;
        s["redis_sentinel_master_name"] = MasterName;
        s["redis_sentinel_connection_urls"] = new List<string> { sentinel.Url };
    });
}
