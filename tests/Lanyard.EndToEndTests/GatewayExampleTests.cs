using System.Globalization;
using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>
/// Real gateways in front of a real <c>lanyard serve</c>, each running its example from <c>deploy/examples/</c>
/// unchanged: a browser without a session is sent to sign in and comes back to the original URL; signed in, the
/// upstream gets the identity headers; a client's forged identity headers never reach the upstream.
/// </summary>
public sealed class GatewayExampleTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

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

    /// <summary>Caddy's forward_auth (Lanyard's redirect) and HAProxy's Lua check (its own redirect on Lanyard's 401).</summary>
    [Theory]
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
            skip_auth_routes = ["GET=^/healthz$"]
            """);
        await using var lanyard = TestProcess.Lanyard("serve", "--config", config);
        await lanyard.WaitUntilOkAsync($"http://127.0.0.1:{lanyardPort}/ready");
        var site = $"http://127.0.0.1:{gatewayPort}";
        var examples = Path.Combine(RepositoryPaths.Root, "deploy/examples");
        await using IAsyncDisposable proxy = gateway == "caddy"
            ? await CaddyProcess.StartAsync(Path.Combine(examples, "caddy/Caddyfile"), new Dictionary<string, string>
            {
                ["SITE_ADDRESS"] = site,
                ["LANYARD_ADDRESS"] = $"127.0.0.1:{lanyardPort}",
                ["UPSTREAM_ADDRESS"] = $"127.0.0.1:{upstreamPort}",
            }, $"{site}/healthz")
            : await HaproxyProcess.StartAsync(Path.Combine(examples, "haproxy/haproxy.cfg"), new Dictionary<string, string?>
            {
                ["SITE_BIND"] = $"127.0.0.1:{gatewayPort}",
                ["LANYARD_ADDRESS"] = $"127.0.0.1:{lanyardPort}",
                ["UPSTREAM_ADDRESS"] = $"127.0.0.1:{upstreamPort}",
                ["LANYARD_LUA"] = Path.Combine(examples, "haproxy/lanyard-auth.lua"),
            }, $"{site}/healthz");
        string GatewayOutput() => proxy is CaddyProcess caddy ? caddy.Output : ((HaproxyProcess)proxy).Output;

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

        // No session: Caddy hands Lanyard's 302 to the browser, to sign in on the app's host and come back.
        using var first = await browser.GetAsync($"{site}/reports?q=1", Cancel);
        Assert.True(first.StatusCode == HttpStatusCode.Found, $"{first.StatusCode}\n{GatewayOutput()}\n{lanyard.Output}");
        var signIn = new Uri(new Uri(site), first.Headers.Location!);
        // Caddy passes Lanyard's absolute return URL; HAProxy's own redirect names the path, which Lanyard resolves on this host.
        var returnTo = gateway == "caddy" ? $"{site}/reports?q=1" : "/reports?q=1";
        Assert.Equal($"{site}/oauth2/start?rd={Uri.EscapeDataString(returnTo)}", signIn.AbsoluteUri);

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
