using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary><c>lanyard emulator</c> and <c>lanyard dev</c> as real processes, signed into by script as README shows.</summary>
public sealed class DevCommandTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DevAgainstARunningEmulator_SignsAliceInByScript()
    {
        await using var running = await DevAgainstOwnEmulator.StartAsync();
        var proxyPort = running.ProxyPort;

        using var curl = ScriptedClient.Create();
        using var response = await curl.GetAsync($"http://127.0.0.1:{proxyPort}/oauth2/start?login_hint=alice@contoso.test&rd=/", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"http://127.0.0.1:{proxyPort}/", response.RequestMessage?.RequestUri?.AbsoluteUri);
        Assert.Contains("alice@contoso.test", body, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{proxyPort}/", running.Dev.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevShowsEntraFeatures_ErinsGroupsFromGraph_PersonalAccountsIn_FabrikamRefused()
    {
        await using var running = await DevAgainstOwnEmulator.StartAsync();
        var proxyPort = running.ProxyPort;
        var start = $"http://127.0.0.1:{proxyPort}/oauth2/start?rd=/&login_hint=";

        using var erin = ScriptedClient.Create();
        using var erinLanding = await erin.GetAsync(start + "erin@contoso.test", Cancel);
        using var erinAuth = await erin.GetAsync($"http://127.0.0.1:{proxyPort}/oauth2/auth", Cancel);
        using var dave = ScriptedClient.Create();
        using var daveLanding = await dave.GetAsync(start + "dave@outlook.test", Cancel);
        using var carol = ScriptedClient.Create("text/html");
        using var carolLanding = await carol.GetAsync(start + "carol@fabrikam.test", Cancel);

        Assert.Equal(HttpStatusCode.OK, erinLanding.StatusCode);
        Assert.Equal(250, erinAuth.Headers.GetValues("X-Auth-Request-Groups").Single().Split(',').Length);
        Assert.Equal(HttpStatusCode.OK, daveLanding.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, carolLanding.StatusCode);
        Assert.Contains("entra_id_allowed_tenants", await carolLanding.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoDevReplicas_ShareSessionsThroughOneRedis_GivenOnlyFlags()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var first = await DevAgainstOwnEmulator.StartAsync(
            "--session-store-type=redis", $"--redis-connection-url={redis.Url}", "--cookie-secret=Yq3tW8zP1mK6vB9xL2nR5sD7fG0hJ4cA");
        var secondPort = FreePort.Next();
        await using var second = TestProcess.Lanyard(
            "dev", "--emulator-url", $"http://127.0.0.1:{first.EmulatorPort}", "--http-address", $"127.0.0.1:{secondPort}",
            "--session-store-type", "redis", "--redis-connection-url", redis.Url, "--cookie-secret", "Yq3tW8zP1mK6vB9xL2nR5sD7fG0hJ4cA");
        await second.WaitUntilOkAsync($"http://127.0.0.1:{secondPort}/ready");

        // Cookies are per host, not per port: one cookie jar is one browser talking to both replicas.
        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar });
        using var signIn = await browser.GetAsync($"http://127.0.0.1:{first.ProxyPort}/oauth2/start?login_hint=alice@contoso.test&rd=/", Cancel);
        using var onSecond = await browser.GetAsync($"http://127.0.0.1:{secondPort}/oauth2/auth", Cancel);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, onSecond.StatusCode);
        var copied = jar.GetCookies(new Uri($"http://127.0.0.1:{first.ProxyPort}/"))["_oauth2_proxy"]!.Value;
        Assert.True(copied.Length < 200, "with Redis the cookie is only a ticket");

        // POST, as a script signs out: a GET that does not say it comes from the site gets a confirmation page (issue 9).
        using var signOut = await browser.PostAsync($"http://127.0.0.1:{secondPort}/oauth2/sign_out", null, Cancel);

        // A copy of the cookie taken before sign-out is dead on the other replica too: the session left Redis.
        using var copy = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{first.ProxyPort}/oauth2/auth");
        request.Headers.Add("Cookie", "_oauth2_proxy=" + copied);
        using var onFirst = await copy.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, onFirst.StatusCode);
    }

    [Fact]
    public async Task TwoDevReplicas_200ConcurrentRequestsOfADueSession_RedeemOneRefreshToken()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        string[] shared = ["--session-store-type=redis", $"--redis-connection-url={redis.Url}", "--cookie-secret=Yq3tW8zP1mK6vB9xL2nR5sD7fG0hJ4cA", "--cookie-refresh=4s"];
        await using var first = await DevAgainstOwnEmulator.StartAsync(shared);
        var secondPort = FreePort.Next();
        await using var second = TestProcess.Lanyard(["dev", "--emulator-url", $"http://127.0.0.1:{first.EmulatorPort}", "--http-address", $"127.0.0.1:{secondPort}", .. shared]);
        await second.WaitUntilOkAsync($"http://127.0.0.1:{secondPort}/ready");
        var emulator = $"http://127.0.0.1:{first.EmulatorPort}";
        using var http = new HttpClient();
        // Entra's rule made strict: a refresh token redeemed twice is refused, which would end the session.
        using var faults = await http.PostAsync($"{emulator}/_emulator/faults", new StringContent("""{ "strictRefreshTokenRotation": true }""", System.Text.Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.OK, faults.StatusCode);

        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar });
        using var signIn = await browser.GetAsync($"http://127.0.0.1:{first.ProxyPort}/oauth2/start?login_hint=alice@contoso.test&rd=/", Cancel);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = jar.GetCookies(new Uri($"http://127.0.0.1:{first.ProxyPort}/"))["_oauth2_proxy"]!.Value;
        await Task.Delay(TimeSpan.FromSeconds(4.5), Cancel); // due now, and not due again for 4 s: ample for 200 requests

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var port = i % 2 == 0 ? first.ProxyPort : secondPort;
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/oauth2/auth");
            request.Headers.Add("Cookie", "_oauth2_proxy=" + cookie);
            using var response = await http.SendAsync(request, Cancel);
            return response.StatusCode;
        }));
        using var stats = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"{emulator}/_emulator/stats", Cancel));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(1, stats.RootElement.GetProperty("refreshTokenRedemptions").GetInt32());
    }

    [Theory]
    [InlineData("cookie")]
    [InlineData("redis")]
    public async Task ReplicaKilledAndStartedAgain_LosesNoSession(string store)
    {
        await using var redis = await RedisServerProcess.StartAsync();
        // The secret from a file, as a mounted Kubernetes secret: it replaces dev's fresh one, or a restart would lose every session.
        var secretFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(secretFile, "Yq3tW8zP1mK6vB9xL2nR5sD7fG0hJ4cA\n", Cancel);
        await using var running = await DevAgainstOwnEmulator.StartAsync(
            $"--session-store-type={store}", $"--redis-connection-url={redis.Url}", $"--cookie-secret-file={secretFile}");
        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar });
        using var signIn = await browser.GetAsync($"http://127.0.0.1:{running.ProxyPort}/oauth2/start?login_hint=alice@contoso.test&rd=/", Cancel);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        await running.KillAndRestartDevAsync();
        using var after = await browser.GetAsync($"http://127.0.0.1:{running.ProxyPort}/oauth2/auth", Cancel);

        File.Delete(secretFile);
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        Assert.Equal("alice@contoso.test", after.Headers.GetValues("X-Auth-Request-Email").Single());
    }

    [Fact]
    public async Task BrowserOpeningTheProxy_SeesTheSignInPage_ThenTheDemoAppAsBob()
    {
        await using var running = await DevAgainstOwnEmulator.StartAsync();
        var proxyPort = running.ProxyPort;
        using var browser = ScriptedClient.Create("text/html");

        using var page = await browser.GetAsync($"http://127.0.0.1:{proxyPort}/", Cancel);
        var pageHtml = await page.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(running.EmulatorPort, page.RequestMessage?.RequestUri?.Port);
        var form = HtmlForm.Parse(pageHtml);
        using var landing = await browser.PostAsync(new Uri(page.RequestMessage!.RequestUri!, form.Action), new FormUrlEncodedContent(form.SubmitWith("bob@contoso.test")), Cancel);
        var html = await landing.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Contains("Signed in as bob@contoso.test", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevWithItsDefaults_RunsTheReadmeCommand()
    {
        // The exact command README starts with, on its fixed ports 4180 (proxy) and 4181 (emulator).
        await using var dev = TestProcess.Lanyard("dev");
        await dev.WaitUntilOkAsync("http://127.0.0.1:4180/ready");

        using var curl = ScriptedClient.Create();
        using var response = await curl.GetAsync("http://127.0.0.1:4180/oauth2/start?login_hint=alice@contoso.test&rd=/", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("alice@contoso.test", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:4181", dev.Output, StringComparison.Ordinal);
    }

    // In this class, not beside EmulatorHttpsTests: dev's own emulator listens on the fixed 127.0.0.1:4181, as in the
    // test above, and the tests of one class never run at the same time.
    [Fact]
    public async Task DevWithEmulatorHttpsAddress_TheEmulatorAnswersHttpsThereWithItsCertificate_AndDiscoveryNamesHttps()
    {
        using var home = new TemporaryDirectory("lanyard-e2e-home-");
        var environment = new Dictionary<string, string?> { ["HOME"] = home.Path, ["XDG_DATA_HOME"] = Path.Combine(home.Path, "data") };
        var (proxyPort, httpsPort) = (FreePort.Next(), FreePort.Next());
        await using var dev = TestProcess.LanyardWith(
            environment, "dev", "--http-address", $"127.0.0.1:{proxyPort}", "--emulator-https-address", $"127.0.0.1:{httpsPort}");
        await dev.WaitUntilOkAsync($"http://127.0.0.1:{proxyPort}/ready");

        // The certificate dev made under this user's data directory, as trust-cert hands it out; trusted alone.
        await using var trust = TestProcess.LanyardWith(environment, "emulator", "trust-cert", "--print");
        Assert.Equal(0, await trust.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        using var certificate = X509Certificate2.CreateFromPem(trust.StandardOutput);
        string? served = null;
        var handler = TrustedRoots.Handler(certificate);
        var validate = handler.SslOptions.RemoteCertificateValidationCallback;
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, presented, chain, errors) =>
        {
            served = presented?.GetCertHashString();
            return validate is null ? errors == System.Net.Security.SslPolicyErrors.None : validate(sender, presented, chain, errors);
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };

        var https = $"https://127.0.0.1:{httpsPort}";
        using var response = await client.GetAsync($"{https}/{DemoDirectory.ContosoTenantId}/v2.0/.well-known/openid-configuration", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal(certificate.Thumbprint, served);
        var discovery = JsonDocument.Parse(body).RootElement;
        Assert.Equal($"{https}/{DemoDirectory.ContosoTenantId}/v2.0", discovery.GetProperty("issuer").GetString());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "jwks_uri", "device_authorization_endpoint", "end_session_endpoint" })
        {
            Assert.StartsWith($"{https}/{DemoDirectory.ContosoTenantId}/", discovery.GetProperty(endpoint).GetString(), StringComparison.Ordinal);
        }

        Assert.Contains($"Emulator  {https}", dev.Output, StringComparison.Ordinal);
    }

    /// <summary><c>lanyard emulator</c> on a free port, and <c>lanyard dev --emulator-url</c> pointing at it.</summary>
    private sealed class DevAgainstOwnEmulator : IAsyncDisposable
    {
        private TestProcess? _emulator;

        public int EmulatorPort { get; } = FreePort.Next();

        public int ProxyPort { get; } = FreePort.Next();

        public TestProcess Dev { get; private set; } = null!;

        private string[] _devOptions = [];

        public static async Task<DevAgainstOwnEmulator> StartAsync(params string[] devOptions)
        {
            var running = new DevAgainstOwnEmulator { _devOptions = devOptions };
            running._emulator = TestProcess.Lanyard("emulator", "--http-address", $"127.0.0.1:{running.EmulatorPort}");
            await running._emulator.WaitUntilOkAsync($"http://127.0.0.1:{running.EmulatorPort}/");
            await running.StartDevAsync();
            return running;
        }

        /// <summary>Kills the proxy (SIGKILL: no shutdown of any kind) and starts it again with the same options.</summary>
        public async Task KillAndRestartDevAsync()
        {
            await Dev.DisposeAsync();
            await StartDevAsync();
        }

        private async Task StartDevAsync()
        {
            Dev = TestProcess.Lanyard(["dev", "--emulator-url", $"http://127.0.0.1:{EmulatorPort}", "--http-address", $"127.0.0.1:{ProxyPort}", .. _devOptions]);
            await Dev.WaitUntilOkAsync($"http://127.0.0.1:{ProxyPort}/ready");
        }

        public async ValueTask DisposeAsync()
        {
            if (Dev is not null)
            {
                await Dev.DisposeAsync();
            }

            if (_emulator is not null)
            {
                await _emulator.DisposeAsync();
            }
        }
    }
}
