using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 9, finding 4: a sign-out must win over a refresh that is at the provider when it happens. The emulator's
/// token endpoint is made slow, a due request starts the refresh, the user signs out meanwhile, then the provider
/// answers: the due request must not get the session back, and with Redis no copy of the cookie works again. (A
/// cookie-store session lives in the browser; copies of it cannot be revoked, see docs/security.md.)
/// </summary>
public sealed class RedisSignOutRaceTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    private static BrowserClient WithCookie(LanyardTestEnvironment env, string value)
    {
        var browser = env.Browser();
        browser.Cookies.Add(LanyardTestEnvironment.ProxyUrl, new Cookie("_oauth2_proxy", value) { Secure = true });
        return browser;
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("cookie")]
    public async Task SignOutDuringASlowRefresh_Wins(string store)
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var env = await LanyardTestEnvironment.StartAsync(
            s =>
            {
                s["cookie_refresh"] = "1m";
                if (store == "redis")
                {
                    s["session_store_type"] = "redis";
                    s["redis_connection_url"] = _redis.Url;
                }
            },
            proxyTime: time);
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var copied = browser.Cookie("_oauth2_proxy")!;
        time.Advance(TimeSpan.FromMinutes(2));
        env.EmulatorFaults.TokenEndpointDelayMilliseconds = 2000;

        using var refreshing = WithCookie(env, copied);
        var dueRequest = refreshing.GetAsync("/oauth2/auth", followRedirects: false);
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken); // the refresh is at the provider now
        var signOut = await browser.PostFormAsync(new Uri(LanyardTestEnvironment.ProxyUrl, "/oauth2/sign_out"), [new("rd", "/")], followRedirects: false);
        var answered = await dueRequest;
        env.EmulatorFaults.TokenEndpointDelayMilliseconds = 0;

        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal(1, env.Emulator.Services.GetRequiredService<EmulatorStatistics>().RefreshTokenRedemptions); // the provider did answer the refresh
        Assert.Equal(HttpStatusCode.Unauthorized, answered.StatusCode);
        Assert.DoesNotContain(answered.SetCookies, c => c.StartsWith("_oauth2_proxy=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        if (store == "redis")
        {
            // The session left Redis and was not written back: every copy of the cookie is dead.
            using var later = WithCookie(env, copied);
            Assert.Equal(HttpStatusCode.Unauthorized, (await later.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
        }
    }
}
