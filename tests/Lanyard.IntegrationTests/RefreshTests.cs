using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>cookie_refresh: due sessions are refreshed once, keep the newest refresh token, and end when refused.</summary>
public sealed class RefreshTests
{
    private readonly FakeTimeProvider _proxyTime = new(DateTimeOffset.UtcNow);

    private Task<LanyardTestEnvironment> StartAsync(Action<Dictionary<string, object>>? configure = null) =>
        LanyardTestEnvironment.StartAsync(s =>
        {
            s["cookie_refresh"] = "1m";
            configure?.Invoke(s);
        }, proxyTime: _proxyTime);

    private static long Redemptions(LanyardTestEnvironment env) =>
        env.Emulator.Services.GetRequiredService<EmulatorStatistics>().RefreshTokenRedemptions;

    [Fact]
    public async Task DueSession_IsRefreshed_AndStaysSignedIn()
    {
        await using var env = await StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var before = browser.Cookie("_oauth2_proxy");

        _proxyTime.Advance(TimeSpan.FromMinutes(2));
        var auth = await browser.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal(1L, Redemptions(env));
        Assert.NotEqual(before, browser.Cookie("_oauth2_proxy"));
        Assert.Equal("alice@contoso.test", auth.Header("X-Auth-Request-Email"));
    }

    /// <summary>
    /// The gateway passes a refreshed session's cookie to the browser (nginx: auth_request_set + add_header; Traefik:
    /// addAuthCookiesToResponse; Envoy: allowed_client_headers_on_success), so every forward-auth mode must put it on
    /// its allow answer.
    /// </summary>
    [Theory]
    [InlineData("/oauth2/auth", HttpStatusCode.Accepted)]
    [InlineData("/oauth2/forward-auth", HttpStatusCode.OK)]
    [InlineData("/oauth2/auth/reports", HttpStatusCode.OK)]
    public async Task DueSession_RefreshedByAForwardAuthCheck_PutsTheNewCookieOnTheAllowAnswer(string path, HttpStatusCode allowed)
    {
        await using var env = await StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        _proxyTime.Advance(TimeSpan.FromMinutes(2));
        var auth = await browser.GetAsync(path, followRedirects: false);

        Assert.Equal(allowed, auth.StatusCode);
        Assert.Equal(1L, Redemptions(env));
        Assert.Contains(auth.SetCookies, c => c.StartsWith("_oauth2_proxy=", StringComparison.Ordinal));
        Assert.Equal("alice@contoso.test", auth.Header("X-Auth-Request-Email"));
    }

    [Fact]
    public async Task SessionNotYetDue_IsNotRefreshed()
    {
        await using var env = await StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        _proxyTime.Advance(TimeSpan.FromSeconds(30));
        await browser.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(0L, Redemptions(env));
    }

    [Fact]
    public async Task EachRefresh_UsesTheNewestRefreshToken()
    {
        await using var env = await StartAsync();
        env.EmulatorFaults.StrictRefreshTokenRotation = true;
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        for (var i = 1; i <= 3; i++)
        {
            _proxyTime.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
            Assert.Equal((long)i, Redemptions(env));
        }
    }

    [Fact]
    public async Task RefusedRefresh_EndsTheSession()
    {
        await using var env = await StartAsync();
        env.EmulatorFaults.StrictRefreshTokenRotation = true;
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var oldCookie = browser.Cookie("_oauth2_proxy")!;
        _proxyTime.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);

        // A copy of the cookie from before the refresh now carries a refresh token that was already redeemed.
        _proxyTime.Advance(TimeSpan.FromMinutes(1));
        using var copy = env.Browser();
        copy.Cookies.Add(LanyardTestEnvironment.ProxyUrl, new Cookie("_oauth2_proxy", oldCookie) { Secure = true });
        var result = await copy.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.Unauthorized, result.StatusCode);
        Assert.Null(copy.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task ConcurrentRequestsOfOneUser_CauseOneRefresh()
    {
        await using var env = await StartAsync();
        env.EmulatorFaults.StrictRefreshTokenRotation = true;
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var cookie = browser.Cookie("_oauth2_proxy")!;
        _proxyTime.Advance(TimeSpan.FromMinutes(2));

        using var api = env.ApiClient();
        var requests = Enumerable.Range(0, 200).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/oauth2/auth");
            request.Headers.Add("Cookie", "_oauth2_proxy=" + cookie);
            using var response = await api.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(requests);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(1L, Redemptions(env));
    }

    [Fact]
    public async Task ProviderUnreachableAtRefresh_KeepsTheSession_AndRefreshesOnceItIsBack()
    {
        await using var env = await StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        _proxyTime.Advance(TimeSpan.FromMinutes(2));

        env.Network.Unregister(LanyardTestEnvironment.EmulatorUrl);
        Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
        Assert.Equal(0L, Redemptions(env));

        env.Network.Register(LanyardTestEnvironment.EmulatorUrl, Microsoft.AspNetCore.TestHost.HostBuilderTestServerExtensions.GetTestServer(env.Emulator));
        Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
        Assert.Equal(0L, Redemptions(env)); // within the 30 s window the outage is remembered, not retried per request

        _proxyTime.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
        Assert.Equal(1L, Redemptions(env));
    }
}
