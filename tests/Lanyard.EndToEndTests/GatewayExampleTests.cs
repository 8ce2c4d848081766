using System.Globalization;
using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>
/// Real gateways in front of a real <c>lanyard serve</c>, each running its example from <c>deploy/examples/</c>
/// unchanged: a browser without a session is sent to sign in and comes back to the original URL; signed in, the
/// upstream gets the identity headers; a client's forged identity headers never reach the upstream; a route the
/// signed-in user may not use is a 403 naming the rule; a session refreshed during the check reaches the browser.
/// </summary>
public sealed class GatewayExampleTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>cookie_refresh: short, so a test can wait for a session to be due.</summary>
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(2);

    /// <summary>A group nobody in the demo directory is in.</summary>
    private const string NoOnesGroup = "00000000-0000-4000-8000-00000000a0d1";

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    /// <summary>An nginx that says what it received: the stand-in app behind the gateway.</summary>
    private static Task<NginxProcess> StartEchoUpstreamAsync(int port) => NginxProcess.StartAsync($$"""
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    default_type text/plain;
                    return 200 "uri=$request_uri\nuser=$http_x_auth_request_user\nemail=$http_x_auth_request_email\nforwarded_user=$http_x_forwarded_user\ncookie=$http_cookie\n";
                }
            }
        """, $"http://127.0.0.1:{port}/");

    private static Dictionary<string, string> Received(string body) =>
        body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    /// <summary>
    /// Caddy's forward_auth (Lanyard's redirect), HAProxy's Lua check (its own redirect on Lanyard's 401) and nginx's
    /// auth_request (seed 001's ingress: its own redirect to Lanyard's host on 401).
    /// </summary>
    [Theory]
    [InlineData("nginx")]
    [InlineData("caddy")]
    [InlineData("haproxy")]
    public async Task Gateway_SignsInThroughTheGateway_AndPassesTheIdentityNotTheForgery(string gateway)
    {
        var emulatorPort = FreePort.Next();
        var lanyardPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var upstreamPort = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(emulatorPort);
        await using var upstream = await StartEchoUpstreamAsync(upstreamPort);
        var config = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(emulatorPort) + $"""

            email_domains = ["*"]
            http_address = "127.0.0.1:{lanyardPort}"
            upstreams = ["static://202"]
            skip_provider_button = true
            set_xauthrequest = true
            reverse_proxy = true
            trusted_proxy_ips = ["127.0.0.1"]
            whitelist_domains = ["127.0.0.1:*"]
            skip_auth_routes = ["GET=^/healthz$"]
            cookie_refresh = "{RefreshAfter.TotalSeconds}s"
            scope = "openid email profile offline_access"

            [[authorization_rules]]
            name = "auditors-only"
            paths = ["/audit"]
            action = "allow"
            require.any_groups = ["{NoOnesGroup}"]

            [[authorization_rules]]
            name = "everyone"
            paths = ["/"]
            action = "allow"
            """);
        await using var lanyard = TestProcess.Lanyard("serve", "--config", config);
        await lanyard.WaitUntilOkAsync($"http://127.0.0.1:{lanyardPort}/ready");
        var site = $"http://127.0.0.1:{gatewayPort}";
        var examples = Path.Combine(RepositoryPaths.Root, "deploy/examples");
        await using IAsyncDisposable proxy = gateway switch
        {
            "nginx" => await NginxProcess.StartAsync(TemplateFile.Render(Path.Combine(examples, "nginx/dashboard.conf.template"), new Dictionary<string, string>
            {
                ["LISTEN_ADDRESS"] = $"127.0.0.1:{gatewayPort}",
                ["LANYARD_ADDRESS"] = $"127.0.0.1:{lanyardPort}",
                ["LANYARD_PUBLIC_URL"] = $"http://127.0.0.1:{lanyardPort}",
                ["UPSTREAM_ADDRESS"] = $"127.0.0.1:{upstreamPort}",
            }), $"{site}/healthz"),
            "caddy" => await CaddyProcess.StartAsync(Path.Combine(examples, "caddy/Caddyfile"), new Dictionary<string, string>
            {
                ["SITE_ADDRESS"] = site,
                ["LANYARD_ADDRESS"] = $"127.0.0.1:{lanyardPort}",
                ["UPSTREAM_ADDRESS"] = $"127.0.0.1:{upstreamPort}",
            }, $"{site}/healthz"),
            _ => await HaproxyProcess.StartAsync(Path.Combine(examples, "haproxy/haproxy.cfg"), new Dictionary<string, string?>
            {
                ["SITE_BIND"] = $"127.0.0.1:{gatewayPort}",
                ["LANYARD_ADDRESS"] = $"127.0.0.1:{lanyardPort}",
                ["UPSTREAM_ADDRESS"] = $"127.0.0.1:{upstreamPort}",
                ["LANYARD_LUA"] = Path.Combine(examples, "haproxy/lanyard-auth.lua"),
            }, $"{site}/healthz"),
        };
        string GatewayOutput() => proxy switch
        {
            CaddyProcess caddy => caddy.Output,
            NginxProcess nginx => nginx.Output,
            _ => ((HaproxyProcess)proxy).Output,
        };

        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        // A skipped route passes anonymously, and the forged identity does not come along.
        using var open = new HttpRequestMessage(HttpMethod.Get, $"{site}/healthz");
        open.Headers.Add("X-Auth-Request-Email", "mallory@evil.test");
        open.Headers.Add("X-Forwarded-User", "mallory");
        using var openAnswer = await browser.SendAsync(open, Cancel);
        var openReceived = Received(await openAnswer.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.OK, openAnswer.StatusCode);
        Assert.Equal("", openReceived["email"]);
        Assert.Equal("", openReceived["forwarded_user"]);

        // No session: Caddy hands Lanyard's 302 to the browser, to sign in on the app's host and come back; HAProxy
        // and nginx redirect on Lanyard's 401 themselves.
        using var first = await browser.GetAsync($"{site}/reports?q=1", Cancel);
        Assert.True(first.StatusCode == HttpStatusCode.Found, $"{first.StatusCode}\n{GatewayOutput()}\n{lanyard.Output}");
        var signIn = new Uri(new Uri(site), first.Headers.Location!);
        var expectedSignIn = gateway switch
        {
            // Caddy passes Lanyard's absolute return URL; HAProxy's own redirect names the path, which Lanyard
            // resolves on this host; seed 001's nginx sends the browser to Lanyard's own host with the app's URL.
            "caddy" => $"{site}/oauth2/start?rd={Uri.EscapeDataString($"{site}/reports?q=1")}",
            "haproxy" => $"{site}/oauth2/start?rd={Uri.EscapeDataString("/reports?q=1")}",
            _ => $"http://127.0.0.1:{lanyardPort}/oauth2/start?rd={site}/reports?q=1",
        };
        Assert.Equal(expectedSignIn, signIn.AbsoluteUri);

        var back = await FollowAsync(browser, new Uri(signIn.AbsoluteUri + "&login_hint=" + DemoDirectory.AliceUserPrincipalName), stopAt: site);
        Assert.Equal($"{site}/reports?q=1", back.AbsoluteUri);

        // Signed in: the upstream gets Alice, not what the client claims, through Caddy's copy of Lanyard's answer.
        using var page = new HttpRequestMessage(HttpMethod.Get, back);
        page.Headers.Add("X-Auth-Request-Email", "mallory@evil.test");
        page.Headers.Add("X-Forwarded-User", "mallory");
        using var answer = await browser.SendAsync(page, Cancel);
        var body = await answer.Content.ReadAsStringAsync(Cancel);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{answer.StatusCode}: {body}\n{lanyard.Output}");
        var received = Received(body);
        Assert.Equal("/reports?q=1", received["uri"]);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, received["email"]);
        Assert.Equal("", received["forwarded_user"]);

        // A route Alice may not use: 403, and the gateway passes on which rule said no.
        using var audit = await browser.GetAsync($"{site}/audit/log", Cancel);
        var auditBody = await audit.Content.ReadAsStringAsync(Cancel);
        Assert.True(audit.StatusCode == HttpStatusCode.Forbidden, $"{audit.StatusCode}: {auditBody}");
        Assert.Contains("auditors-only", auditBody, StringComparison.Ordinal);

        // Once the session is due for refresh, the check refreshes it, and the new cookie reaches the browser on the
        // allowed answer, so the next request does not refresh again.
        var before = cookies.GetCookies(new Uri(site))["_oauth2_proxy"]!.Value;
        await Task.Delay(RefreshAfter + TimeSpan.FromMilliseconds(500), Cancel);
        using var refreshed = await browser.GetAsync($"{site}/reports", Cancel);
        Assert.True(refreshed.StatusCode == HttpStatusCode.OK, $"{refreshed.StatusCode}\n{lanyard.Output}");
        Assert.True(refreshed.Headers.TryGetValues("Set-Cookie", out var setCookies) && setCookies.Any(c => c.StartsWith("_oauth2_proxy=", StringComparison.Ordinal)),
            $"no refreshed session cookie through {gateway}: {string.Join(" | ", refreshed.Headers.Select(h => h.Key))}");
        Assert.NotEqual(before, cookies.GetCookies(new Uri(site))["_oauth2_proxy"]!.Value);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, Received(await refreshed.Content.ReadAsStringAsync(Cancel))["email"]);

        // An API call without a session gets a 401 through Caddy, not a redirect.
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        api.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        using var apiAnswer = await api.GetAsync($"{site}/reports", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, apiAnswer.StatusCode);
    }

    /// <summary>Follows redirects (through the emulator's sign-in) until one leads to <paramref name="stopAt"/>, bounded.</summary>
    private static async Task<Uri> FollowAsync(HttpClient browser, Uri start, string stopAt)
    {
        var next = start;
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await browser.GetAsync(next, Cancel);
            if (response.Headers.Location is not { } location)
            {
                throw new InvalidOperationException($"{next} answered {response.StatusCode} without a redirect: {await response.Content.ReadAsStringAsync(Cancel)}");
            }

            next = new Uri(next, location);
            if (next.AbsoluteUri.StartsWith(stopAt, StringComparison.Ordinal) && !next.AbsolutePath.StartsWith("/oauth2/", StringComparison.Ordinal))
            {
                return next;
            }
        }

        throw new InvalidOperationException($"no redirect to {stopAt} within 10 hops");
    }
}
