using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Lanyard.EndToEndTests;

/// <summary>
/// The upstream transport options against a real <c>lanyard serve</c> and a real upstream on loopback (TCP and a
/// unix socket): WebSockets through YARP after sign-in, pass_host_header, disable_keep_alives, upstream_timeout
/// (504) and proxy_websockets = false (400).
/// </summary>
public sealed class UpstreamTransportTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ByDefault_WebSocketsPassAfterSignIn_AndTheUpstreamSeesTheClientsHost()
    {
        var upstreamPort = FreePort.Next();
        await using var upstream = await StartUpstreamAsync(u => u.ListenLocalhost(upstreamPort));
        await using var proxy = await StartLanyardAsync($"http://127.0.0.1:{upstreamPort}/");
        var cookies = await SignInAsync(proxy.Url);

        using var client = Client(cookies);
        Assert.Equal($"host=127.0.0.1:{proxy.Port} connection=", await client.GetStringAsync($"{proxy.Url}/host", Cancel));

        using var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{proxy.Port}/ws"), Cancel);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ping through lanyard"), WebSocketMessageType.Text, endOfMessage: true, Cancel);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, Cancel);
        Assert.Equal("echo: ping through lanyard", Encoding.UTF8.GetString(buffer, 0, received.Count));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Cancel);

        // Without a session, the upgrade never reaches the upstream.
        using var anonymous = new ClientWebSocket();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => anonymous.ConnectAsync(new Uri($"ws://127.0.0.1:{proxy.Port}/ws"), Cancel));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverAUnixSocket_TheTransportOptionsApply()
    {
        using var directory = new TemporaryDirectory();
        var socketPath = Path.Combine(directory.Path, "app.sock");
        await using var upstream = await StartUpstreamAsync(u => u.ListenUnixSocket(socketPath));
        await using var proxy = await StartLanyardAsync($"unix://{socketPath}",
            "pass_host_header = false", "disable_keep_alives = true", "upstream_timeout = \"1s\"", "proxy_websockets = false");
        var cookies = await SignInAsync(proxy.Url);

        using var client = Client(cookies);
        Assert.Equal("host=localhost connection=close", await client.GetStringAsync($"{proxy.Url}/host", Cancel));

        using var slow = await client.GetAsync($"{proxy.Url}/slow", Cancel);
        Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
        Assert.Contains("did not answer in time", await slow.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        using var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{proxy.Port}/ws"), Cancel));
        Assert.Contains("400", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamedResponse_ReachesTheClientChunkByChunk_NotAtItsEnd()
    {
        var upstreamPort = FreePort.Next();
        var secondEvent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await StartUpstreamAsync(u => u.ListenLocalhost(upstreamPort), secondEvent.Task);
        await using var proxy = await StartLanyardAsync($"http://127.0.0.1:{upstreamPort}/", "flush_interval = \"1s\"");
        using var client = Client(await SignInAsync(proxy.Url));

        using var response = await client.GetAsync($"{proxy.Url}/events", HttpCompletionOption.ResponseHeadersRead, Cancel);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancel));
        // The upstream holds its second event until the first has come through Lanyard: a proxy that buffered the
        // stream would never show the first, and the bounded wait would fail the test.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));
        Assert.Equal("data: first", await reader.ReadLineAsync(bounded.Token));
        secondEvent.SetResult();
        Assert.Equal("", await reader.ReadLineAsync(bounded.Token));
        Assert.Equal("data: second", await reader.ReadLineAsync(bounded.Token));
    }

    [Theory]
    [InlineData(false, HttpStatusCode.BadGateway)]
    [InlineData(true, HttpStatusCode.OK)]
    public async Task AnHttpsUpstreamWithASelfSignedCertificate_IsReachedOnlyWithSkipVerify(bool skipVerify, HttpStatusCode expected)
    {
        var upstreamPort = FreePort.Next();
        using var certificate = SelfSigned("app.internal.test");
        await using var upstream = await StartUpstreamAsync(u => u.Listen(IPAddress.Loopback, upstreamPort, l => l.UseHttps(certificate)));
        await using var proxy = await StartLanyardAsync($"https://127.0.0.1:{upstreamPort}/",
            $"ssl_upstream_insecure_skip_verify = {(skipVerify ? "true" : "false")}");
        using var client = Client(await SignInAsync(proxy.Url));

        using var response = await client.GetAsync($"{proxy.Url}/host", Cancel);
        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains(skipVerify ? $"host=127.0.0.1:{proxy.Port}" : "could not be reached", body, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        // Exported and loaded again: an ephemeral key cannot serve TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }

    private sealed record RunningProxy(TestProcess Emulator, TestProcess Lanyard, int Port) : IAsyncDisposable
    {
        public string Url => $"http://127.0.0.1:{Port}";

        public async ValueTask DisposeAsync()
        {
            await Lanyard.DisposeAsync();
            await Emulator.DisposeAsync();
        }
    }

    private static async Task<RunningProxy> StartLanyardAsync(string upstream, params string[] lines)
    {
        var emulatorPort = FreePort.Next();
        var proxyPort = FreePort.Next();
        var emulator = await EmulatorProcess.StartAsync(emulatorPort);
        var config = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(emulatorPort) + $"""

            email_domains = ["*"]
            skip_provider_button = true
            upstreams = ["{upstream}"]
            http_address = "127.0.0.1:{proxyPort}"
            {string.Join('\n', lines)}
            """);
        var lanyard = TestProcess.Lanyard("serve", "--config", config);
        await lanyard.WaitUntilOkAsync($"http://127.0.0.1:{proxyPort}/ready");
        return new RunningProxy(emulator, lanyard, proxyPort);
    }

    private static async Task<CookieContainer> SignInAsync(string proxy)
    {
        var cookies = new CookieContainer();
        using var client = Client(cookies);
        // Lands on Lanyard's own userinfo, not the upstream, which may be the thing that fails.
        using var landing = await client.GetAsync($"{proxy}/oauth2/start?login_hint={DemoDirectory.AliceUserPrincipalName}&rd=/oauth2/userinfo", Cancel);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        return cookies;
    }

    private static HttpClient Client(CookieContainer cookies) => ScriptedClient.Create(cookies);

    /// <summary>
    /// Says what Host and Connection headers it received, waits 5 s on /slow, echoes WebSocket text, and on /events
    /// sends one event, then a second only once <paramref name="secondEvent"/> completes.
    /// </summary>
    private static async Task<WebApplication> StartUpstreamAsync(Action<KestrelServerOptions> listen, Task? secondEvent = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(listen);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/host", (HttpContext context) => $"host={context.Request.Host} connection={context.Request.Headers.Connection}");
        app.MapGet("/slow", async (CancellationToken cancel) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), cancel);
            return "late";
        });
        app.MapGet("/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: first\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await (secondEvent ?? Task.CompletedTask).WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("data: second\n\n", context.RequestAborted);
        });
        app.Map("/ws", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[256];
            var message = await socket.ReceiveAsync(buffer, context.RequestAborted);
            await socket.SendAsync(Encoding.UTF8.GetBytes("echo: " + Encoding.UTF8.GetString(buffer, 0, message.Count)), WebSocketMessageType.Text, true, context.RequestAborted);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
        });
        await app.StartAsync();
        return app;
    }
}
