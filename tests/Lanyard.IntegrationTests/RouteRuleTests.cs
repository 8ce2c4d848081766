using System.Net;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Lanyard.IntegrationTests;

/// <summary>
/// The route rules end to end: <c>skip_auth_routes</c>, <c>skip_auth_regex</c>, <c>skip_auth_preflight</c>,
/// <c>trusted_ips</c> (passing without a sign-in, on the proxy and on <c>/oauth2/auth</c>), <c>api_routes</c> and
/// <c>force_json_errors</c> (answered 401/403 JSON, never sent to sign in). A skipped route still never lets a
/// client's identity headers through.
/// </summary>
public sealed class RouteRuleTests
{
    private static readonly string[] ForgedHeaders = ["X-Forwarded-User", "X-Forwarded-Email", "X-Forwarded-Groups", "X-Forwarded-Preferred-Username", "X-Auth-Request-Email"];

    private static Action<HttpRequestMessage> Forged(Action<HttpRequestMessage>? also = null) => request =>
    {
        SignInTests.AcceptJson(request);
        foreach (var name in ForgedHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, "mallory@evil.test");
        }

        also?.Invoke(request);
    };

    private static Action<HttpRequestMessage> Header(string name, string value) => request => request.Headers.TryAddWithoutValidation(name, value);

    private static void AssertNoIdentity(EchoedRequest echo)
    {
        foreach (var name in ForgedHeaders)
        {
            Assert.Null(echo.Header(name));
        }
    }

    [Fact]
    public async Task SkipAuthRoute_PassesWithoutSignIn_AndNoForgedIdentityHeaderReachesTheUpstream()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["skip_auth_routes"] = new List<string> { "GET=^/public/" });
        using var browser = env.Browser();

        var open = await browser.GetAsync("/public/report?x=1", followRedirects: false, configure: Forged());
        var otherMethod = await browser.SendAsync(HttpMethod.Post, new Uri(LanyardTestEnvironment.ProxyUrl, "/public/report"), null, followRedirects: false, Forged());
        var otherPath = await browser.GetAsync("/private/report", followRedirects: false, configure: Forged());

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        var echo = EchoedRequest.Parse(open.Body);
        Assert.Equal("/public/report", echo.Path);
        AssertNoIdentity(echo);
        Assert.Equal(HttpStatusCode.Unauthorized, otherMethod.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherPath.StatusCode);
    }

    [Fact]
    public async Task SkipAuthRoute_ForASignedInUser_CarriesTheirIdentity_NotTheForgedOne()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["skip_auth_routes"] = new List<string> { "^/public/" });
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var echo = EchoedRequest.Parse((await browser.GetAsync("/public/x", configure: Forged())).Body);

        Assert.Equal("alice@contoso.test", echo.Header("X-Forwarded-Email"));
        Assert.Null(echo.Header("X-Auth-Request-Email"));
        Assert.DoesNotContain("_oauth2_proxy", echo.Header("Cookie") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkipAuthRoute_ForASignedInUserARuleRefuses_CarriesNoIdentity()
    {
        await using var open = await LanyardTestEnvironment.StartAsync();
        await using var guarded = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["allowed_groups"] = new List<string> { DemoDirectory.AdminsGroupId };
            s["skip_auth_routes"] = new List<string> { "^/public/" };
        });
        using var bob = open.Browser();
        await bob.SignInAsync(DemoDirectory.BobUserPrincipalName);
        using var sameBobElsewhere = guarded.Browser();
        sameBobElsewhere.Cookies.Add(LanyardTestEnvironment.ProxyUrl, new Cookie("_oauth2_proxy", bob.Cookie("_oauth2_proxy")!) { Secure = true });

        var page = await sameBobElsewhere.GetAsync("/public/x", configure: Forged());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertNoIdentity(EchoedRequest.Parse(page.Body));
    }

    [Fact]
    public async Task NegatedRoute_SkipsEveryPathButTheOneNamed()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["skip_auth_routes"] = new List<string> { "GET!=^/admin" });
        using var browser = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/docs", followRedirects: false, configure: SignInTests.AcceptJson)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/admin/users", followRedirects: false, configure: SignInTests.AcceptJson)).StatusCode);
    }

    [Fact]
    public async Task SkipAuthRegex_PassesAnyMethod()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["skip_auth_regex"] = new List<string> { "^/static/" });
        using var browser = env.Browser();

        var post = await browser.SendAsync(HttpMethod.Post, new Uri(LanyardTestEnvironment.ProxyUrl, "/static/a.css"), null, followRedirects: false, Forged());

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        AssertNoIdentity(EchoedRequest.Parse(post.Body));
    }

    [Fact]
    public async Task SkipAuthPreflight_PassesOptionsOnly()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["skip_auth_preflight"] = true);
        await using var without = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        using var other = without.Browser();
        var api = new Uri(LanyardTestEnvironment.ProxyUrl, "/api/items");

        var preflight = await browser.SendAsync(HttpMethod.Options, api, null, followRedirects: false, Forged(Header("Origin", "https://spa.test")));
        var get = await browser.GetAsync("/api/items", followRedirects: false, configure: SignInTests.AcceptJson);
        var preflightWithout = await other.SendAsync(HttpMethod.Options, api, null, followRedirects: false, Forged());

        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
        AssertNoIdentity(EchoedRequest.Parse(preflight.Body));
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, preflightWithout.StatusCode);
    }

    [Fact]
    public async Task LanyardsOwnEndpoints_AreNeverSkipped_EvenByARouteMatchingEverything()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["skip_auth_routes"] = new List<string> { "^/" };
            s["skip_auth_preflight"] = true;
        });
        using var browser = env.Browser();

        var userInfo = await browser.GetAsync("/oauth2/userinfo", followRedirects: false, configure: SignInTests.AcceptJson);
        var auth = await browser.GetAsync("/oauth2/auth", followRedirects: false);
        var app = await browser.GetAsync("/anything", followRedirects: false, configure: SignInTests.AcceptJson);

        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, auth.StatusCode);
        Assert.Equal(HttpStatusCode.OK, app.StatusCode);
    }

    [Fact]
    public async Task ApiRoute_AnswersAPageLoadWithoutSignIn_401Json_NotARedirect()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["api_routes"] = new List<string> { "^/api/", "format=json" });
        using var browser = env.Browser();

        var api = await browser.GetAsync("/api/items", followRedirects: false);
        var byQuery = await browser.GetAsync("/reports?format=json", followRedirects: false);
        var page = await browser.GetAsync("/reports", followRedirects: false);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.StartsWith("application/json", api.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("Unauthorized", JsonDocument.Parse(api.Body).RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);

        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/items", followRedirects: false)).StatusCode);
    }

    [Fact]
    public async Task ForceJsonErrors_AnswersNoSignIn401_AndARefusal403_InJson()
    {
        await using var open = await LanyardTestEnvironment.StartAsync();
        await using var guarded = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["force_json_errors"] = true;
            s["allowed_groups"] = new List<string> { DemoDirectory.AdminsGroupId };
        });
        using var anonymous = guarded.Browser();
        using var bob = open.Browser();
        await bob.SignInAsync(DemoDirectory.BobUserPrincipalName);
        using var sameBobElsewhere = guarded.Browser();
        sameBobElsewhere.Cookies.Add(LanyardTestEnvironment.ProxyUrl, new Cookie("_oauth2_proxy", bob.Cookie("_oauth2_proxy")!) { Secure = true });

        var page = await anonymous.GetAsync("/reports", followRedirects: false);
        var denied = await sameBobElsewhere.GetAsync("/reports", followRedirects: false);

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.StartsWith("application/json", page.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.StartsWith("application/json", denied.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("allowed_groups", JsonDocument.Parse(denied.Body).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustedIps_PassTheClientAddress_FromTheConnection()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["trusted_ips"] = new List<string> { "203.0.113.0/24" });
        var trusted = new Uri("https://trusted.proxy.test/");
        var stranger = new Uri("https://stranger.proxy.test/");
        env.Network.Register(trusted, env.Proxy.GetTestServer(), IPAddress.Parse("203.0.113.9"));
        env.Network.Register(stranger, env.Proxy.GetTestServer(), IPAddress.Parse("198.51.100.1"));
        using var browser = env.Browser();

        var fromTrusted = await browser.SendAsync(HttpMethod.Get, new Uri(trusted, "/x"), null, followRedirects: false, Forged());
        // Without reverse_proxy, a client IP header counts for nothing.
        var claimingTrusted = await browser.SendAsync(HttpMethod.Get, new Uri(stranger, "/x"), null, followRedirects: false, Forged(Header("X-Real-IP", "203.0.113.9")));

        Assert.Equal(HttpStatusCode.OK, fromTrusted.StatusCode);
        AssertNoIdentity(EchoedRequest.Parse(fromTrusted.Body));
        Assert.Equal(HttpStatusCode.Unauthorized, claimingTrusted.StatusCode);
    }

    [Fact]
    public async Task TrustedIps_BehindReverseProxy_ReadTheClientIpHeader_OnlyFromTrustedProxies()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["reverse_proxy"] = true;
            s["trusted_proxy_ips"] = new List<string> { "10.0.0.0/8" };
            s["trusted_ips"] = new List<string> { "192.0.2.0/24" };
        });
        var viaProxy = new Uri("https://via-proxy.proxy.test/");
        var direct = new Uri("https://direct.proxy.test/");
        env.Network.Register(viaProxy, env.Proxy.GetTestServer(), IPAddress.Parse("10.1.2.3"));
        env.Network.Register(direct, env.Proxy.GetTestServer(), IPAddress.Parse("198.51.100.1"));
        using var browser = env.Browser();

        var trustedClient = await browser.SendAsync(HttpMethod.Get, new Uri(viaProxy, "/x"), null, followRedirects: false, Forged(Header("X-Real-IP", "192.0.2.7")));
        var otherClient = await browser.SendAsync(HttpMethod.Get, new Uri(viaProxy, "/x"), null, followRedirects: false, Forged(Header("X-Real-IP", "198.51.100.7")));
        var spoofed = await browser.SendAsync(HttpMethod.Get, new Uri(direct, "/x"), null, followRedirects: false, Forged(Header("X-Real-IP", "192.0.2.7")));
        var authViaProxy = await browser.SendAsync(HttpMethod.Get, new Uri(viaProxy, "/oauth2/auth"), null, followRedirects: false, Header("X-Real-IP", "192.0.2.7"));

        Assert.Equal(HttpStatusCode.OK, trustedClient.StatusCode);
        AssertNoIdentity(EchoedRequest.Parse(trustedClient.Body));
        Assert.Equal(HttpStatusCode.Unauthorized, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, spoofed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, authViaProxy.StatusCode);
        // Present and empty, so a gateway copying it overwrites what the client sent.
        Assert.Equal("", authViaProxy.Header("X-Auth-Request-Email"));
    }

    [Fact]
    public async Task ForwardAuth_JudgesTheTrustedGatewaysForwardedUri()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["reverse_proxy"] = true;
            s["trusted_proxy_ips"] = new List<string> { "10.0.0.0/8" };
            // Unanchored, so it would match /oauth2/public/x too, which is Lanyard's and never skipped.
            s["skip_auth_routes"] = new List<string> { "GET=/public/" };
        });
        var gateway = new Uri("https://gateway.proxy.test/");
        var stranger = new Uri("https://stranger.proxy.test/");
        env.Network.Register(gateway, env.Proxy.GetTestServer(), IPAddress.Parse("10.0.0.5"));
        env.Network.Register(stranger, env.Proxy.GetTestServer(), IPAddress.Parse("198.51.100.1"));
        using var browser = env.Browser();

        async Task<HttpStatusCode> AuthAsync(Uri host, string? forwardedUri) =>
            (await browser.SendAsync(HttpMethod.Get, new Uri(host, "/oauth2/auth"), null, followRedirects: false,
                forwardedUri is null ? null : Header("X-Forwarded-Uri", forwardedUri))).StatusCode;

        Assert.Equal(HttpStatusCode.Accepted, await AuthAsync(gateway, "/public/page?x=1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(gateway, "/public/%2e%2e/admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(gateway, "/private"));
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(gateway, "/oauth2/public/x"));
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(gateway, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(stranger, "/public/page"));
    }

    [Fact]
    public async Task SkipAuthRoute_WithABearerTokenLanyardRefuses_NeverForwardsTheToken()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["skip_jwt_bearer_tokens"] = true;
            s["skip_auth_routes"] = new List<string> { "^/public/" };
        });
        using var browser = env.Browser();

        var page = await browser.GetAsync("/public/x", followRedirects: false, configure: Forged(Header("Authorization", "Bearer not.a.token")));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Null(EchoedRequest.Parse(page.Body).Header("Authorization"));
    }
}
