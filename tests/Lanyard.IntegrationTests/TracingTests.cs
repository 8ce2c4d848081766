using System.Net;
using Google.Protobuf;
using Lanyard.Emulator;
using Lanyard.IntegrationTests.Otlp;
using Lanyard.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Lanyard.IntegrationTests;

/// <summary>
/// OTLP traces from a real <c>lanyard serve</c>, configured by the standard <c>OTEL_*</c> variables alone, to an
/// in-test OTLP/gRPC receiver: one server span per request with the decision and rule, child spans for the token
/// endpoint, W3C trace context on to the upstream; and with the SDK disabled, nothing exported while the client's
/// trace context still reaches the upstream.
/// </summary>
public sealed class TracingTests
{
    private const string ServiceName = "lanyard-under-test";
    private const string ClientTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ClientSpanId = "00f067aa0ba902b7";
    private static readonly string ClientTraceParent = $"00-{ClientTraceId}-{ClientSpanId}-01";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Traces_AServerSpanPerRequestWithTheDecision_ChildSpansForTheTokenEndpoint_AndTheUpstreamContinuesTheTrace()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_SERVICE_NAME"] = ServiceName,
        });
        var cookies = new CookieContainer();
        using var browser = Client(cookies);

        using (var signedIn = await browser.GetAsync(stack.Proxy($"/oauth2/start?login_hint={Uri.EscapeDataString(DemoDirectory.BobUserPrincipalName)}&rd=/signed-in"), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, stack.Proxy("/app")))
        {
            request.Headers.Add("traceparent", ClientTraceParent);
            using var proxied = await browser.SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        }

        using (var denied = await browser.GetAsync(stack.Proxy("/oauth2/auth?allowed_emails=nobody@contoso.test"), Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        var spans = await WaitForSpansAsync(receiver, all => ServerSpans(all, "/app").Any() && ServerSpans(all, "/oauth2/auth").Any()
                                                            && ServerSpans(all, "/oauth2/callback").Any() && all.Any(s => s.Name.StartsWith("token_endpoint", StringComparison.Ordinal)));
        Assert.All(receiver.Spans.All, s => Assert.Equal(ServiceName, s.Service));

        // The proxied request: one server span, continuing the client's trace, with the decision on it.
        var app = Assert.Single(ServerSpans(spans, "/app"));
        Assert.Equal(ClientTraceId, Hex(app.TraceId));
        Assert.Equal(ClientSpanId, Hex(app.ParentSpanId));
        Assert.Equal("allow", Attribute(app, "lanyard.decision"));
        Assert.Equal("proxy", Attribute(app, "lanyard.caller"));

        // The upstream got the same trace, as a child of a span Lanyard exported (the forwarding call under the server span).
        var (_, traceParent) = Assert.Single(stack.Upstream.Requests, r => r.Path == "/app");
        var parts = traceParent!.Split('-');
        Assert.Equal(ClientTraceId, parts[1]);
        var forwarding = Assert.Single(spans, s => Hex(s.SpanId) == parts[2]);
        Assert.Equal(Span.Types.SpanKind.Client, forwarding.Kind);
        Assert.Equal(app.SpanId, forwarding.ParentSpanId);

        // The denial: its rule and who asked.
        var denial = Assert.Single(ServerSpans(spans, "/oauth2/auth"));
        Assert.Equal("denied", Attribute(denial, "lanyard.decision"));
        Assert.Equal("allowed_emails (query)", Attribute(denial, "lanyard.rule"));
        Assert.Equal("auth_request", Attribute(denial, "lanyard.caller"));

        // Sign-in: the code is redeemed under the callback's span, and the HTTP call under that.
        var callback = Assert.Single(ServerSpans(spans, "/oauth2/callback"));
        var token = Assert.Single(spans, s => s.Name == "token_endpoint authorization_code");
        Assert.Equal(Span.Types.SpanKind.Client, token.Kind);
        Assert.Equal(callback.TraceId, token.TraceId);
        Assert.Equal(callback.SpanId, token.ParentSpanId);
        Assert.Equal("authorization_code", Attribute(token, "lanyard.grant_type"));
        Assert.Contains(spans, s => s.ParentSpanId == token.SpanId && s.Kind == Span.Types.SpanKind.Client);

        // No secret in any attribute: not the client secret, not the session cookie, not the code in the callback's query.
        var values = spans.SelectMany(s => s.Attributes).Select(a => a.Value.ToString()).ToList();
        Assert.DoesNotContain(values, v => v.Contains(DemoDirectory.DevClientSecret, StringComparison.Ordinal));
        foreach (Cookie cookie in cookies.GetAllCookies())
        {
            Assert.DoesNotContain(values, v => v.Contains(cookie.Value, StringComparison.Ordinal));
        }

        if (Attribute(callback, "url.query") is { } query)
        {
            Assert.All(query.TrimStart('?').Split('&'), pair => Assert.EndsWith("=Redacted", pair, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SdkDisabled_ExportsNothing_AndTheClientsTraceContextStillReachesTheUpstream()
    {
        await using var receiver = await OtlpTraceReceiver.StartAsync();
        await using var stack = await StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_SDK_DISABLED"] = "true",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        using var client = Client(new CookieContainer());

        using (var request = new HttpRequestMessage(HttpMethod.Get, stack.Proxy("/public/page")))
        {
            request.Headers.Add("traceparent", ClientTraceParent);
            using var answer = await client.SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var (_, traceParent) = Assert.Single(stack.Upstream.Requests, r => r.Path == "/public/page");
        Assert.Equal(ClientTraceId, traceParent!.Split('-')[1]);

        // Ten export intervals: a running exporter would have sent the spans by now.
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        Assert.Equal(0, receiver.Spans.Exports);
    }

    private static IEnumerable<Span> ServerSpans(IEnumerable<Span> spans, string path) =>
        spans.Where(s => s.Kind == Span.Types.SpanKind.Server && Attribute(s, "url.path") == path);

    private static string? Attribute(Span span, string key) => span.Attributes.FirstOrDefault(a => a.Key == key)?.Value.StringValue;

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.ToByteArray());

    private static async Task<IReadOnlyList<Span>> WaitForSpansAsync(OtlpTraceReceiver receiver, Func<IReadOnlyList<Span>, bool> complete)
    {
        IReadOnlyList<Span> spans = [];
        await Poll.UntilAsync(() =>
        {
            spans = [.. receiver.Spans.All.Select(s => s.Span)];
            return Task.FromResult(complete(spans));
        }, "the spans of every request to be exported", TimeSpan.FromSeconds(30));
        return spans;
    }

    private static HttpClient Client(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true, MaxAutomaticRedirections = 10 }) { Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<Stack> StartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var (emulatorPort, proxyPort) = (FreePort.Next(), FreePort.Next());
        var emulator = await EmulatorProcess.StartAsync(emulatorPort);
        var upstream = await RecordingUpstream.StartAsync();
        var config = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(emulatorPort) + $"""

            email_domains = ["contoso.test"]
            upstreams = ["{upstream.Url}"]
            skip_auth_routes = ["GET=^/public"]
            http_address = "127.0.0.1:{proxyPort}"
            """);
        var lanyard = TestProcess.LanyardWith(environment, "serve", "--config", config);
        await lanyard.WaitForOutputAsync("Lanyard is listening on http://127.0.0.1:" + proxyPort);
        return new Stack(emulator, upstream, lanyard, proxyPort);
    }

    private sealed class Stack(TestProcess emulator, RecordingUpstream upstream, TestProcess lanyard, int proxyPort) : IAsyncDisposable
    {
        public RecordingUpstream Upstream => upstream;

        public string Proxy(string pathAndQuery) => $"http://127.0.0.1:{proxyPort}{pathAndQuery}";

        public async ValueTask DisposeAsync()
        {
            await lanyard.DisposeAsync();
            await upstream.DisposeAsync();
            await emulator.DisposeAsync();
        }
    }
}
