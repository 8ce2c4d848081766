using System.Net;
using System.Text.RegularExpressions;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>
/// Issue 10's logging and probe options on a real process: oauth2-proxy's request and auth lines by default (with
/// the request id a client sent, the signed-in user, the upstream, and no code in the query), and each switch and
/// format doing what it says.
/// </summary>
public sealed partial class LoggingTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<(TestProcess Emulator, TestProcess Serve, string Proxy)> StartAsync(string extraToml)
    {
        var emulatorPort = FreePort.Next();
        var proxyPort = FreePort.Next();
        var emulator = await EmulatorProcess.StartAsync(emulatorPort);
        var config = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(emulatorPort) + $"""

            email_domains = ["*"]
            upstreams = ["http://127.0.0.1:{emulatorPort}/"]
            http_address = "127.0.0.1:{proxyPort}"
            {extraToml}
            """);
        var serve = TestProcess.Lanyard("serve", "--config", config);
        return (emulator, serve, $"http://127.0.0.1:{proxyPort}");
    }

    [Fact]
    public async Task ByDefault_RequestAndAuthLines_AreOauth2ProxysFormat_WithoutTheCode()
    {
        var (emulator, serve, proxy) = await StartAsync("");
        await using var _ = emulator;
        await using var __ = serve;
        await serve.WaitUntilOkAsync($"{proxy}/ready");

        using var client = ScriptedClient.Create();
        using var signIn = new HttpRequestMessage(HttpMethod.Get, $"{proxy}/oauth2/start?login_hint=alice@contoso.test&rd=/_emulator/stats");
        using var signedIn = await client.SendAsync(signIn, Cancel);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        using var traced = new HttpRequestMessage(HttpMethod.Get, $"{proxy}/_emulator/stats");
        traced.Headers.Add("X-Request-Id", "trace-4711");
        traced.Headers.UserAgent.ParseAdd("probe/1.0");
        (await client.SendAsync(traced, Cancel)).Dispose();
        await serve.WaitForOutputAsync("trace-4711");

        // <client> - <request id> - <user> [<time>] <host> <method> <upstream> "<uri>" <protocol> "<agent>" <status> <size> <seconds>
        var line = Assert.Single(Lines(serve.Output), l => l.Contains(" - trace-4711 - ", StringComparison.Ordinal));
        Assert.Matches(RequestLine(), line);
        Assert.Contains("\"/_emulator/stats\" HTTP/1.1 \"probe/1.0\" 200 ", line, StringComparison.Ordinal);

        var callback = Assert.Single(Lines(serve.Output), l => l.Contains("\"/oauth2/callback?", StringComparison.Ordinal));
        Assert.Contains("code=[redacted]", callback, StringComparison.Ordinal);
        var requestId = callback.Split(" - ")[1];
        var auth = Assert.Single(Lines(serve.Output), l => l.Contains("[AuthSuccess]", StringComparison.Ordinal));
        Assert.StartsWith($"127.0.0.1 - {requestId} - alice@contoso.test [", auth, StringComparison.Ordinal);
        Assert.Contains("] [AuthSuccess] Signed in: ", auth, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switches_Formats_AndProbePaths_DoWhatTheySay()
    {
        var (emulator, serve, proxy) = await StartAsync("""
            request_logging_format = "REQ {{.RequestMethod}} {{ .RequestURI }} {{.StatusCode}}"
            standard_logging = false
            auth_logging = false
            silence_ping_logging = true
            exclude_logging_paths = ["/skip-me"]
            ping_path = "/healthz"
            ping_user_agent = "kube-probe/1.31"
            ready_path = "/readyz"
            """);
        await using var _ = emulator;
        await using var __ = serve;
        await serve.WaitUntilOkAsync($"{proxy}/readyz");
        using var client = ScriptedClient.Create("application/json");

        using var probe = new HttpRequestMessage(HttpMethod.Get, $"{proxy}/healthz");
        probe.Headers.UserAgent.ParseAdd("kube-probe/1.31");
        using var probed = await client.SendAsync(probe, Cancel);
        using var notProbe = await client.GetAsync($"{proxy}/healthz", Cancel);
        using var oldPing = await client.GetAsync($"{proxy}/ping", Cancel);
        (await client.GetAsync($"{proxy}/skip-me", Cancel)).Dispose();
        (await client.GetAsync($"{proxy}/logged?x=1", Cancel)).Dispose();
        await serve.WaitForOutputAsync("REQ GET \"/logged?x=1\" 401");

        Assert.Equal(HttpStatusCode.OK, probed.StatusCode);
        Assert.Equal("OK", await probed.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.Unauthorized, notProbe.StatusCode); // the path without the agent is no probe
        Assert.Equal(HttpStatusCode.Unauthorized, oldPing.StatusCode); // /ping moved to /healthz
        var lines = Lines(serve.Output).Where(l => l.StartsWith("REQ ", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(lines, l => l.Contains("/readyz", StringComparison.Ordinal) || l.Contains("/skip-me", StringComparison.Ordinal));
        Assert.Single(lines, l => l == "REQ GET \"/healthz\" 401");
        Assert.Contains("REQ GET \"/ping\" 401", lines);
        Assert.DoesNotContain(Lines(serve.Output), l => l.Contains(" info: ", StringComparison.Ordinal) || l.Contains("[Auth", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));

    [GeneratedRegex("""^127\.0\.0\.1 - trace-4711 - alice@contoso\.test \[\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\] 127\.0\.0\.1:\d+ GET http://127\.0\.0\.1:\d+/ "/_emulator/stats" HTTP/1\.1 "probe/1\.0" 200 \d+ \d+\.\d{3}$""")]
    private static partial Regex RequestLine();
}
