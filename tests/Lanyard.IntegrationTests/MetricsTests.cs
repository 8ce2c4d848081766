using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// <c>metrics_address</c> on a real <c>lanyard serve</c> (signing in through a real emulator process, proxying to a
/// recording upstream): the scrape at <c>/metrics</c> counts what was done, by the right labels, under oauth2-proxy's
/// names and Lanyard's own; the metrics listener never proxies or signs in; the main listener has no metrics; no
/// secret reaches the scrape.
/// </summary>
public sealed class MetricsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scrape_CountsRequestsDecisionsAndSignIns_ByTheirLabels()
    {
        await using var stack = await Stack.StartAsync();
        using var anonymous = Client(new CookieContainer());
        var cookies = new CookieContainer();
        using var browser = Client(cookies);

        // Not signed in, not a page load: 401 (sign_in_required). A skipped route: to the upstream without a session.
        using (var refused = await anonymous.GetAsync(stack.Proxy("/app"), Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var skipped = await anonymous.GetAsync(stack.Proxy("/public/page"), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        }

        // Sign in (the callback redeems the code at the token endpoint), then an allowed proxied request, an allowed
        // auth_request and a denied one.
        using (var signedIn = await browser.GetAsync(stack.Proxy($"/oauth2/start?login_hint={Uri.EscapeDataString(DemoDirectory.BobUserPrincipalName)}&rd=/after-sign-in"), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            Assert.Equal("upstream", await signedIn.Content.ReadAsStringAsync(Cancel));
        }

        using (var auth = await browser.GetAsync(stack.Proxy("/oauth2/auth"), Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        }

        using (var denied = await browser.GetAsync(stack.Proxy("/oauth2/auth?allowed_emails=nobody@contoso.test"), Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        var scrape = await stack.ScrapeAsync();

        // oauth2-proxy's three, by its names and types.
        Assert.Equal("counter", scrape.Types["oauth2_proxy_requests_total"]);
        Assert.Equal("gauge", scrape.Types["oauth2_proxy_requests_in_flight"]);
        Assert.Equal("histogram", scrape.Types["oauth2_proxy_response_duration_seconds"]);
        Assert.Equal(1, scrape.Value("oauth2_proxy_requests_total", ("code", "401")));
        Assert.Equal(1, scrape.Value("oauth2_proxy_requests_total", ("code", "202")));
        Assert.Equal(1, scrape.Value("oauth2_proxy_requests_total", ("code", "403")));
        Assert.Equal(0, scrape.Value("oauth2_proxy_requests_in_flight"));
        // Every request was a GET: the histogram's count is the counter's total, and its buckets are Prometheus' defaults.
        var total = scrape.Matching("oauth2_proxy_requests_total").Sum(s => s.Value);
        Assert.Equal(total, scrape.Value("oauth2_proxy_response_duration_seconds_count", ("method", "get")));
        Assert.Equal(
            ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"],
            scrape.Matching("oauth2_proxy_response_duration_seconds_bucket", ("method", "get")).Select(s => s.Labels["le"]));
        Assert.Equal(total, scrape.Value("oauth2_proxy_response_duration_seconds_bucket", ("method", "get"), ("le", "+Inf")));

        // Lanyard's: each decision once, by result, rule and caller.
        const string decisions = "lanyard_access_decisions_total";
        Assert.Equal("counter", scrape.Types[decisions]);
        Assert.Equal(1, scrape.Value(decisions, ("result", "sign_in_required"), ("rule", ""), ("caller", "proxy")));
        var skippedBy = Assert.Single(scrape.Matching(decisions, ("result", "skipped"), ("caller", "proxy")));
        Assert.Contains("^/public", skippedBy.Labels["rule"], StringComparison.Ordinal);
        Assert.Equal(1, skippedBy.Value);
        Assert.Equal(1, scrape.Value(decisions, ("result", "allow"), ("rule", ""), ("caller", "proxy")));
        Assert.Equal(1, scrape.Value(decisions, ("result", "allow"), ("rule", ""), ("caller", "auth_request")));
        Assert.Equal(1, scrape.Value(decisions, ("result", "denied"), ("rule", "allowed_emails (query)"), ("caller", "auth_request")));
        Assert.Equal(1, scrape.Value("lanyard_sign_ins_total", ("outcome", "success")));
        Assert.Equal(1, scrape.Value("lanyard_token_requests_total", ("grant", "authorization_code"), ("outcome", "issued")));
        // The sign-in needed the provider's discovery document and keys, fetched once each (and cached).
        Assert.Equal(1, scrape.Value("lanyard_provider_document_fetches_total", ("document", "discovery"), ("outcome", "ok")));
        Assert.Equal(1, scrape.Value("lanyard_provider_document_fetches_total", ("document", "keys"), ("outcome", "ok")));
        // The cookie store: one save at sign-in, a load for each request that looked for a session.
        Assert.Equal(1, scrape.Value("lanyard_session_store_duration_seconds_count", ("store", "cookie"), ("operation", "save_new")));
        Assert.True(scrape.Value("lanyard_session_store_duration_seconds_count", ("store", "cookie"), ("operation", "load")) >= 3);

        // Nothing secret, nobody named: no client secret, cookie secret, session cookie or user in the scrape.
        Assert.DoesNotContain(DemoDirectory.DevClientSecret, scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Stack.CookieSecret, scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("bob", scrape.Text, StringComparison.OrdinalIgnoreCase);
        foreach (Cookie cookie in cookies.GetAllCookies())
        {
            Assert.DoesNotContain(cookie.Value, scrape.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MetricsListener_NeverProxiesOrSignsIn_AndTheMainListenerHasNoMetrics()
    {
        await using var stack = await Stack.StartAsync();
        using var client = Client(new CookieContainer());
        var upstreamRequests = stack.Upstream.Requests.Count;

        foreach (var path in new[] { "/", "/public/page", "/oauth2/start?rd=/", "/oauth2/auth", "/ping", "/metrics/extra" })
        {
            using var answer = await client.GetAsync($"http://127.0.0.1:{stack.MetricsPort}{path}", Cancel);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        }

        using (var post = await client.PostAsync($"http://127.0.0.1:{stack.MetricsPort}/metrics", new StringContent(""), Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        Assert.Equal(upstreamRequests, stack.Upstream.Requests.Count);

        // On the main listener /metrics is an application path like any other: it needs a session, and is never the scrape.
        using var main = await client.GetAsync(stack.Proxy("/metrics"), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, main.StatusCode);
        Assert.DoesNotContain("oauth2_proxy_requests_total", await main.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        // The scrapes above counted nothing: only the main listener's request is in oauth2_proxy_requests_total.
        var scrape = await stack.ScrapeAsync();
        Assert.Equal(1, scrape.Value("oauth2_proxy_requests_total", ("code", "401")));
        Assert.Equal(0, scrape.Value("oauth2_proxy_requests_total", ("code", "404")));

        // Nor are they in the request log (as oauth2-proxy's metrics server logs none), where the main listener's is.
        await stack.WaitForOutputAsync($"127.0.0.1:{stack.ProxyPort} GET - \"/metrics\"");
        Assert.DoesNotContain($"127.0.0.1:{stack.MetricsPort} ", stack.LanyardOutput, StringComparison.Ordinal);
    }

    private static HttpClient Client(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true, MaxAutomaticRedirections = 10 }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Emulator, upstream and lanyard with a metrics listener, each on its own free port.</summary>
    private sealed class Stack : IAsyncDisposable
    {
        public const string CookieSecret = "kPZ7Qp3w0b8mY1sV5xT9rN2uA6eC4dF0";

        private readonly TestProcess _emulator;
        private readonly TestProcess _lanyard;

        private Stack(TestProcess emulator, RecordingUpstream upstream, TestProcess lanyard, int proxyPort, int metricsPort)
        {
            _emulator = emulator;
            Upstream = upstream;
            _lanyard = lanyard;
            ProxyPort = proxyPort;
            MetricsPort = metricsPort;
        }

        public RecordingUpstream Upstream { get; }

        public int ProxyPort { get; }

        public int MetricsPort { get; }

        /// <summary>What <c>lanyard serve</c> printed: its request log among the rest.</summary>
        public string LanyardOutput => _lanyard.Output;

        public Task WaitForOutputAsync(string text) => _lanyard.WaitForOutputAsync(text, TimeSpan.FromSeconds(30));

        public string Proxy(string pathAndQuery) => $"http://127.0.0.1:{ProxyPort}{pathAndQuery}";

        public static async Task<Stack> StartAsync()
        {
            var (emulatorPort, proxyPort, metricsPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            var emulator = await EmulatorProcess.StartAsync(emulatorPort);
            var upstream = await RecordingUpstream.StartAsync();
            var config = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(emulatorPort) + $"""

                email_domains = ["contoso.test"]
                upstreams = ["{upstream.Url}"]
                skip_auth_routes = ["GET=^/public"]
                http_address = "127.0.0.1:{proxyPort}"
                metrics_address = "127.0.0.1:{metricsPort}"
                """);
            var lanyard = TestProcess.Lanyard("serve", "--config", config);
            await lanyard.WaitForOutputAsync("Lanyard is listening on http://127.0.0.1:" + proxyPort);
            return new Stack(emulator, upstream, lanyard, proxyPort, metricsPort);
        }

        public async Task<PrometheusScrape> ScrapeAsync()
        {
            using var http = new HttpClient();
            using var response = await http.GetAsync($"http://127.0.0.1:{MetricsPort}/metrics", Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            return PrometheusScrape.Parse(await response.Content.ReadAsStringAsync(Cancel));
        }

        public async ValueTask DisposeAsync()
        {
            await _lanyard.DisposeAsync();
            await Upstream.DisposeAsync();
            await _emulator.DisposeAsync();
        }
    }
}
