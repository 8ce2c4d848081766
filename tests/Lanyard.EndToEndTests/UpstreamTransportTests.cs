using System.Net;
using System.Net.WebSockets;
using System.Text;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
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
        using var landing = await client.GetAsync($"{proxy}/oauth2/start?login_hint={DemoDirectory.AliceUserPrincipalName}&rd=/host", Cancel);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        return cookies;
    }

    private static HttpClient Client(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = true }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Says what Host and Connection headers it received, waits 5 s on /slow, and echoes WebSocket text.</summary>
    private static async Task<WebApplication> StartUpstreamAsync(Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions> listen)
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
