using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>session_store_type = "redis" on a real redis-server: replicas share sessions, sign-out revokes everywhere.</summary>
public sealed class RedisSessionTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await RedisServerProcess.StartAsync(durable: true);

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
    public async Task TicketPlantedBeforeSignIn_NeverNamesTheNewSession()
    {
        await using var env = await ReplicaAsync();
        using var mallory = env.Browser();
        await mallory.SignInAsync(DemoDirectory.BobUserPrincipalName);
        var planted = mallory.Cookie("_oauth2_proxy")!;

        // Mallory's own valid ticket is planted in Alice's browser (a sibling subdomain can set cookies); Alice signs in.
        using var alice = WithCookie(env, planted);
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var aliceAuth = await alice.GetAsync("/oauth2/auth", followRedirects: false);
        var malloryAuth = await mallory.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal("alice@contoso.test", aliceAuth.Header("X-Auth-Request-Email"));
        Assert.NotEqual(planted, alice.Cookie("_oauth2_proxy"));
        Assert.Equal(HttpStatusCode.Unauthorized, malloryAuth.StatusCode); // the planted ticket's session was dropped, not taken over
    }

    [Fact]
    public async Task CookieCarriesOnlyATicket_AndRedisHoldsNoReadableToken()
    {
        await using var env = await ReplicaAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.True(browser.Cookie("_oauth2_proxy")!.Length < 200);
        var dump = await RedisCommand.SendAsync(_redis.Port, "KEYS", "_oauth2_proxy-*");
        var key = dump.Split("\r\n").Single(line => line.StartsWith("_oauth2_proxy-", StringComparison.Ordinal));
        var value = await RedisCommand.SendAsync(_redis.Port, "GET", key);
        // Long enough that random ciphertext cannot contain them by chance ("eyJ" alone turns up in ~1.5% of values).
        Assert.DoesNotContain("alice@contoso", value, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("eyJ0eXAiOiJKV1Qi", value, StringComparison.Ordinal); // how the emulator's JWTs begin: {"typ":"JWT"
        var ttl = int.Parse((await RedisCommand.SendAsync(_redis.Port, "TTL", key)).TrimStart(':').Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 167 * 3600, 168 * 3600);
    }

    [Fact]
    public async Task RedisStoppedAndStartedAgain_503sWhileDown_ThenFullRecovery_AndNoSessionLost()
    {
        await using var env = await ReplicaAsync();
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        using var api = env.ApiClient();

        await _redis.StopAsync();
        var auth = await alice.GetAsync("/oauth2/auth", followRedirects: false);
        var page = await alice.GetAsync("/", followRedirects: false);
        using var bob = env.Browser();
        var signIn = await bob.SignInAsync(DemoDirectory.BobUserPrincipalName);
        using var ready = await api.GetAsync("/ready", TestContext.Current.CancellationToken);
        using var ping = await api.GetAsync("/ping", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, auth.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("session store", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", page.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode); // a new sign-in cannot save its session either
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);

        await _redis.RestartAsync();
        auth = await AuthOnceRedisAnswersAsync(alice);

        // The session made before the outage is still there (Redis kept it in its append-only file).
        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal("alice@contoso.test", auth.Header("X-Auth-Request-Email"));
        Assert.Equal(HttpStatusCode.OK, (await bob.SignInAsync(DemoDirectory.BobUserPrincipalName)).StatusCode);
        using var readyAgain = await api.GetAsync("/ready", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }

    [Fact]
    public async Task RedisThatStopsAnswering_TimesOutInto503_NotA500_AndRecovers()
    {
        await using var env = await ReplicaAsync();
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        // The server keeps the connection but answers nothing for 5 s: StackExchange.Redis times out after 2 s.
        await RedisCommand.SendAsync(_redis.Port, "CLIENT", "PAUSE", "5000", "ALL");
        var during = await alice.GetAsync("/oauth2/auth", followRedirects: false);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);

        var after = await AuthOnceRedisAnswersAsync(alice);

        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
    }

    [Fact]
    public async Task ConcurrentRequestsAcrossTwoReplicas_CauseOneRefresh_AndTheSessionKeepsTheNewestToken()
    {
        var proxyTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["session_store_type"] = "redis";
            s["redis_connection_url"] = _redis.Url;
            s["cookie_refresh"] = "1m";
        }, proxyTime: proxyTime);
        await env.StartReplicaBehindLoadBalancerAsync();
        // A second redemption of a rotated refresh token is refused and would end the session (Entra's rule).
        env.EmulatorFaults.StrictRefreshTokenRotation = true;
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var cookie = browser.Cookie("_oauth2_proxy")!;
        proxyTime.Advance(TimeSpan.FromMinutes(2));

        using var api = env.ApiClient();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/auth");
            request.Headers.Add("Cookie", "_oauth2_proxy=" + cookie);
            using var response = await api.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(1L, Redemptions(env));

        // What Redis holds is the refreshed session: the next refresh, on either replica, redeems the newest token.
        proxyTime.Advance(TimeSpan.FromMinutes(2));
        using var next = WithCookie(env, cookie);
        Assert.Equal(HttpStatusCode.Accepted, (await next.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await next.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
        Assert.Equal(2L, Redemptions(env));
    }

    [Fact]
    public async Task RefreshRefusedOnOneReplica_EndsTheSessionOnBoth()
    {
        var proxyTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["session_store_type"] = "redis";
            s["redis_connection_url"] = _redis.Url;
            s["cookie_refresh"] = "1m";
        }, proxyTime: proxyTime);
        await env.StartReplicaBehindLoadBalancerAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        env.EmulatorFaults.RevokeRefreshTokens = true;
        proxyTime.Advance(TimeSpan.FromMinutes(2));

        var cookie = browser.Cookie("_oauth2_proxy")!;
        var first = await browser.GetAsync("/oauth2/auth", followRedirects: false);
        using var copy = WithCookie(env, cookie); // a copy of the cookie, sent to the other replica next
        var second = await copy.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode); // the other replica finds no session either
        Assert.Equal(0L, Redemptions(env));
        Assert.Equal("0", (await RedisCommand.SendAsync(_redis.Port, "DBSIZE")).TrimStart(':').Trim());
    }

    /// <summary>/oauth2/auth, asked until it is no longer 503: Lanyard reconnects to Redis by itself, in its own time.</summary>
    private static async Task<BrowserResponse> AuthOnceRedisAnswersAsync(BrowserClient browser)
    {
        BrowserResponse auth = null!;
        await Poll.UntilAsync(async () => (auth = await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode != HttpStatusCode.ServiceUnavailable, "Lanyard to reach Redis again", TimeSpan.FromSeconds(20));
        return auth;
    }

    private static long Redemptions(LanyardTestEnvironment env) =>
        env.Emulator.Services.GetRequiredService<EmulatorStatistics>().RefreshTokenRedemptions;
}
