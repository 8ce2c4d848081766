using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Forward-auth in each gateway's dialect, at the protocol level (the reference's table, forward-auth-peers.md §4):
/// nginx's <c>/oauth2/auth</c> (202, only 401/403, never a redirect), Traefik's and Caddy's <c>/oauth2/forward-auth</c>
/// (200; a browser not signed in is sent to sign in and back to the original URL named by the trusted
/// <c>X-Forwarded-*</c> headers), and Envoy's <c>path_prefix</c> form <c>/oauth2/auth/&lt;path&gt;</c> (200 only, the
/// original path from the request itself). One decision stage answers them all.
/// </summary>
public sealed class ForwardAuthGatewayTests
{
    private static readonly Uri Gateway = new("https://gateway.proxy.test/");
    private static readonly Uri Stranger = new("https://stranger.proxy.test/");

    private static async Task<LanyardTestEnvironment> StartBehindGatewayAsync(Action<Dictionary<string, object>>? configure = null)
    {
        var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["reverse_proxy"] = true;
            s["trusted_proxy_ips"] = new List<string> { "10.0.0.0/8" };
            configure?.Invoke(s);
        });
        env.Network.Register(Gateway, env.Proxy.GetTestServer(), IPAddress.Parse("10.0.0.5"));
        env.Network.Register(Stranger, env.Proxy.GetTestServer(), IPAddress.Parse("198.51.100.1"));
        return env;
    }

    private static Action<HttpRequestMessage> Headers(params (string Name, string Value)[] headers) => request =>
    {
        foreach (var (name, value) in headers)
        {
            // The browser client sends a page load's Accept by default; a test's Accept replaces it.
            if (name == "Accept")
            {
                request.Headers.Accept.Clear();
            }

            request.Headers.TryAddWithoutValidation(name, value);
        }
    };

    private static readonly (string, string) Html = ("Accept", "text/html,application/xhtml+xml");
    private static readonly (string, string) Json = ("Accept", "application/json");

    /// <summary>What Traefik sends for a browser's <c>GET https://proxy.test/reports?q=1</c>.</summary>
    private static (string, string)[] Traefik(string method = "GET", string uri = "/reports?q=1") =>
    [
        ("X-Forwarded-Method", method), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "proxy.test"),
        ("X-Forwarded-Uri", uri), ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Port", "443"),
    ];

    [Fact]
    public async Task Traefik_NotSignedIn_BrowserIsSentToSignIn_AndComesBackToTheOriginalUrl()
    {
        await using var env = await StartBehindGatewayAsync();
        using var browser = env.Browser();

        var check = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/forward-auth"), null, followRedirects: false, Headers([.. Traefik(), Html]));

        Assert.Equal(HttpStatusCode.Found, check.StatusCode);
        Assert.Equal("https://proxy.test/oauth2/start?rd=" + Uri.EscapeDataString("https://proxy.test/reports?q=1"), check.Location!.AbsoluteUri);

        // The browser follows Traefik's copy of the answer: sign-in, the callback, then the original URL.
        var landed = await browser.GetAsync(new Uri(check.Location!.AbsoluteUri + "&login_hint=" + DemoDirectory.AliceUserPrincipalName));
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/reports?q=1", landed.Url.PathAndQuery);

        // Signed in, the next check passes with 200 and the identity: Traefik forwards the browser's cookies.
        browser.Cookies.Add(Gateway, new Cookie("_oauth2_proxy", browser.Cookie("_oauth2_proxy")!) { Secure = true });
        var allowed = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/forward-auth"), null, followRedirects: false, Headers([.. Traefik(), Html]));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, allowed.Header("X-Auth-Request-Email"));
    }

    [Fact]
    public async Task Traefik_NotSignedIn_ApiCallsAndNonPageMethodsGet401_NeverARedirect()
    {
        await using var env = await StartBehindGatewayAsync();
        using var browser = env.Browser();

        var api = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/forward-auth"), null, followRedirects: false, Headers([.. Traefik(), Json]));
        var post = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/forward-auth"), null, followRedirects: false, Headers([.. Traefik("POST"), Html]));

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Null(post.Location);
    }

    [Fact]
    public async Task Traefik_ForwardedHeadersFromAnUntrustedPeer_AreIgnored()
    {
        await using var env = await StartBehindGatewayAsync(s => s["skip_auth_routes"] = new List<string> { "GET=^/public/" });
        using var browser = env.Browser();

        var trusted = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/forward-auth"), null, followRedirects: false, Headers([.. Traefik(uri: "/public/a"), Json]));
        var stranger = await browser.SendAsync(HttpMethod.Get, new Uri(Stranger, "/oauth2/forward-auth"), null, followRedirects: false, Headers([.. Traefik(uri: "/public/a"), Json]));
        var wrongMethod = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/forward-auth"), null, followRedirects: false, Headers([.. Traefik("POST", "/public/a"), Json]));

        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        Assert.Equal("", trusted.Header("X-Auth-Request-Email"));
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        // The rule says GET; the forwarded method is the one judged, not the gateway's own GET.
        Assert.Equal(HttpStatusCode.Unauthorized, wrongMethod.StatusCode);
    }

    [Fact]
    public async Task Traefik_WithAnAuthHost_SendsTheBrowserToItsSignIn()
    {
        await using var env = await StartBehindGatewayAsync(s => s["redirect_url"] = "https://auth.proxy.test/oauth2/callback");
        using var browser = env.Browser();

        var check = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/forward-auth"), null, followRedirects: false, Headers([.. Traefik(), Html]));

        Assert.Equal(HttpStatusCode.Found, check.StatusCode);
        Assert.StartsWith("https://auth.proxy.test/oauth2/start?rd=https%3A%2F%2Fproxy.test%2Freports", check.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Envoy_PathPrefixForm_Allows200_AndJudgesThePathAfterThePrefix()
    {
        await using var env = await StartBehindGatewayAsync(s => s["skip_auth_routes"] = new List<string> { "GET=^/public/" });
        using var browser = env.Browser();

        var open = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/auth/public/x?y=1"), null, followRedirects: false, Headers(Json));
        var otherPath = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/auth/publicity"), null, followRedirects: false, Headers(Json));
        // A header cannot rename what Envoy asks about.
        var renamed = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/auth/admin"), null, followRedirects: false, Headers(Json, ("X-Forwarded-Uri", "/public/x")));
        var page = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/auth/admin?tab=2"), null, followRedirects: false, Headers(Html));

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherPath.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal("https://gateway.proxy.test/oauth2/start?rd=" + Uri.EscapeDataString("https://gateway.proxy.test/admin?tab=2"), page.Location!.AbsoluteUri);

        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var allowed = await browser.SendAsync(HttpMethod.Post, new Uri(LanyardTestEnvironment.ProxyUrl, "/oauth2/auth/admin"), null, followRedirects: false, Headers(Json));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, allowed.Header("X-Auth-Request-Email"));
    }

    [Fact]
    public async Task Nginx_AuthRequest_Keeps202_AndNeverRedirects_AndReadsXOriginalUri()
    {
        await using var env = await StartBehindGatewayAsync(s => s["skip_auth_routes"] = new List<string> { "GET=^/public/" });
        using var browser = env.Browser();

        var anonymous = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/auth"), null, followRedirects: false, Headers(Html, ("X-Original-URI", "/private")));
        var skipped = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/auth"), null, followRedirects: false, Headers(Html, ("X-Original-URI", "/public/x")));
        var skippedByUrl = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/auth"), null, followRedirects: false, Headers(Html, ("X-Original-URL", "https://proxy.test/public/x")));
        var otherMethod = await browser.SendAsync(HttpMethod.Get, new Uri(Gateway, "/oauth2/auth"), null, followRedirects: false, Headers(Html, ("X-Original-URI", "/public/x"), ("X-Original-Method", "DELETE")));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Null(anonymous.Location);
        Assert.Equal(HttpStatusCode.Accepted, skipped.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, skippedByUrl.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherMethod.StatusCode);
    }

    [Fact]
    public async Task EveryMode_DeniesAUserOutsideTheGroup_With403NamingTheRule()
    {
        // Bob signs in where anyone may, then asks where only admins may (the same cookie secret reads his session).
        await using var open = await LanyardTestEnvironment.StartAsync();
        using var signedIn = open.Browser();
        await signedIn.SignInAsync(DemoDirectory.BobUserPrincipalName, "/oauth2/userinfo");
        await using var env = await StartBehindGatewayAsync(s => s["allowed_groups"] = new List<string> { DemoDirectory.AdminsGroupId });
        using var bob = env.Browser();
        bob.Cookies.Add(LanyardTestEnvironment.ProxyUrl, new Cookie("_oauth2_proxy", signedIn.Cookie("_oauth2_proxy")!) { Secure = true });

        foreach (var path in new[] { "/oauth2/auth", "/oauth2/forward-auth", "/oauth2/auth/reports" })
        {
            var answer = await bob.SendAsync(HttpMethod.Get, new Uri(LanyardTestEnvironment.ProxyUrl, path), null, followRedirects: false, Headers(Json));
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Contains("(rule: allowed_groups)", answer.Body, StringComparison.Ordinal);
            Assert.Null(answer.Header("X-Auth-Request-Email"));
        }
    }

    [Fact]
    public async Task EveryMode_AnswersHeadAndAnyMethod_AlwaysWithEveryIdentityHeader()
    {
        await using var env = await StartBehindGatewayAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName, "/oauth2/userinfo");

        foreach (var (method, path, status) in new[]
                 {
                     (HttpMethod.Head, "/oauth2/auth", HttpStatusCode.Accepted),
                     (HttpMethod.Head, "/oauth2/forward-auth", HttpStatusCode.OK),
                     (HttpMethod.Delete, "/oauth2/auth/reports/1", HttpStatusCode.OK),
                     (HttpMethod.Patch, "/oauth2/forward-auth", HttpStatusCode.OK),
                 })
        {
            var answer = await browser.SendAsync(method, new Uri(LanyardTestEnvironment.ProxyUrl, path), null, followRedirects: false, Headers(Json));
            Assert.Equal(status, answer.StatusCode);
            Assert.Equal(DemoDirectory.AliceUserPrincipalName, answer.Header("X-Auth-Request-Email"));
            // Present even when empty (no access token configured to pass), so a gateway copying it overwrites a forgery.
            Assert.NotNull(answer.Header("X-Auth-Request-Access-Token"));
        }
    }
}
