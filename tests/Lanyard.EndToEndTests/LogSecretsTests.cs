using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.EndToEndTests;

/// <summary>
/// Issue 14: "a test greps a full run's logs for every secret it used". lanyard emulator and lanyard serve as real
/// processes, at debug level, in text and in JSON: a code-flow sign-in with PKCE, proxied requests on the session
/// cookie, a refresh, a good and a refused bearer token, a Basic password, forward-auth calls and a sign-out; then
/// no secret the run used or saw (client and cookie secrets, every cookie value and chunk, the code, the
/// session's tokens, the bearer tokens, the password), nor its base64 or URL-encoded form, is in either process's
/// output. With json, every line of serve's output is also one JSON object.
/// </summary>
public sealed class LogSecretsTests
{
    private const string CookieSecret = "kPZ7Qp3w0b8mY1sV5xT9rN2uA6eC4dF0";
    private const string BasicPassword = "correct-horse-battery-staple-42";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task AFullRunsLogs_HoldNoSecretItUsed(string format)
    {
        var emulatorPort = FreePort.Next();
        var proxyPort = FreePort.Next();
        var proxy = $"http://127.0.0.1:{proxyPort}";
        var debug = new Dictionary<string, string?> { ["Logging__LogLevel__Default"] = "Debug", ["Logging__LogLevel__Lanyard"] = "Debug" };
        await using var emulator = TestProcess.LanyardWith(debug, "emulator", "--http-address", $"127.0.0.1:{emulatorPort}");
        await emulator.WaitUntilOkAsync($"http://127.0.0.1:{emulatorPort}/");
        var htpasswd = TemporaryDirectory.WriteFile("users.htpasswd", $"ops:{BCrypt.Net.BCrypt.HashPassword(BasicPassword, 4)}\n");
        var config = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(emulatorPort) + $"""

            email_domains = ["*"]
            upstreams = ["http://127.0.0.1:{emulatorPort}/"]
            http_address = "127.0.0.1:{proxyPort}"
            scope = "openid profile email offline_access"
            cookie_refresh = "2s"
            skip_jwt_bearer_tokens = true
            set_xauthrequest = true
            pass_access_token = true
            htpasswd_file = "{htpasswd}"
            logging_format = "{format}"
            """);
        await using var serve = TestProcess.LanyardWith(debug, "serve", "--config", config);
        await serve.WaitUntilOkAsync($"{proxy}/ready");
        var secrets = new List<string> { DemoDirectory.DevClientSecret, CookieSecret, BasicPassword };

        // Sign-in, one redirect at a time, keeping every code, state and cookie value that passes.
        var jar = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false });
        var next = new Uri($"{proxy}/oauth2/start?login_hint={DemoDirectory.AliceUserPrincipalName}&rd=/_emulator/stats");
        for (var hop = 0; hop < 10 && next is not null; hop++)
        {
            using var response = await browser.GetAsync(next, Cancel);
            Keep(secrets, response);
            foreach (var (name, value) in QueryHelpers.ParseQuery(next.Query))
            {
                // The code only: state is a CSRF value bound to the sign-in cookie (useless without it), logged as oauth2-proxy logs it.
                if (name is "code")
                {
                    secrets.Add(value.ToString());
                }
            }

            next = response.Headers.Location is { } location ? new Uri(next, location) : null;
        }

        var signedIn = SessionCookies(jar, proxy);
        Assert.NotEmpty(signedIn);
        secrets.AddRange(signedIn);
        Assert.Contains(secrets, s => s.Length > 20 && s != CookieSecret && s != DemoDirectory.DevClientSecret); // the code at least

        // Proxied requests and forward-auth on the cookie; the access token comes back in X-Auth-Request-Access-Token.
        using (var page = await browser.GetAsync($"{proxy}/_emulator/stats", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using (var auth = await browser.GetAsync($"{proxy}/oauth2/auth", Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
            secrets.Add(auth.Headers.GetValues("X-Auth-Request-Access-Token").Single());
        }

        // A refresh: past cookie_refresh, the next request redeems the refresh token and sets a new cookie.
        await Task.Delay(TimeSpan.FromSeconds(2.5), Cancel);
        using (var refreshed = await browser.GetAsync($"{proxy}/oauth2/auth", Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, refreshed.StatusCode);
            Keep(secrets, refreshed);
            secrets.Add(refreshed.Headers.GetValues("X-Auth-Request-Access-Token").Single());
        }

        await serve.WaitForOutputAsync("Session refreshed");
        secrets.AddRange(SessionCookies(jar, proxy));

        // Bearer tokens: one for this app (accepted), the same one tampered with (refused), and the client app's ID and refresh tokens.
        var tokens = await EmulatorTokenClient.AcquireAsync(new SocketsHttpHandler { AllowAutoRedirect = false }, new Uri($"http://127.0.0.1:{emulatorPort}/"), DemoDirectory.ContosoTenantId,
            DemoDirectory.DevClientId, DemoDirectory.DevClientSecret, $"{proxy}/oauth2/callback", DemoDirectory.AliceUserPrincipalName, $"openid offline_access {DemoDirectory.DevApiScope}");
        var bearer = tokens.GetProperty("access_token").GetString()!;
        secrets.Add(bearer);
        secrets.Add(tokens.GetProperty("refresh_token").GetString()!);
        if (tokens.TryGetProperty("id_token", out var idToken))
        {
            secrets.Add(idToken.GetString()!);
        }

        Assert.Equal(HttpStatusCode.Accepted, await StatusAsync(proxy, "/oauth2/auth", new AuthenticationHeaderValue("Bearer", bearer)));
        var tampered = bearer[..^6] + (bearer[^6] == 'A' ? "B" : "A") + bearer[^5..];
        secrets.Add(tampered);
        Assert.NotEqual(HttpStatusCode.Accepted, await StatusAsync(proxy, "/oauth2/auth", new AuthenticationHeaderValue("Bearer", tampered)));

        // Basic: the right password and a wrong one.
        Assert.Equal(HttpStatusCode.Accepted, await StatusAsync(proxy, "/oauth2/auth", Basic("ops", BasicPassword)));
        const string wrong = "not-the-password-but-still-a-secret";
        secrets.Add(wrong);
        Assert.NotEqual(HttpStatusCode.Accepted, await StatusAsync(proxy, "/oauth2/auth", Basic("ops", wrong)));

        // Sign-out (its Set-Cookie clears the session; any value it sets is kept as a secret too).
        using (var signOutRequest = new HttpRequestMessage(HttpMethod.Get, $"{proxy}/oauth2/sign_out"))
        {
            // A link on the proxy's own page, as a browser sends it (another site's would get a confirmation page).
            signOutRequest.Headers.Referrer = new Uri($"{proxy}/_emulator/stats");
            signOutRequest.Headers.Add("Sec-Fetch-Site", "same-origin");
            using var signOut = await browser.SendAsync(signOutRequest, Cancel);
            Assert.True(signOut.StatusCode is HttpStatusCode.Found or HttpStatusCode.OK, $"sign-out answered {(int)signOut.StatusCode}");
            Keep(secrets, signOut);
        }

        await serve.WaitForOutputAsync("Signed out");
        await Task.Delay(TimeSpan.FromMilliseconds(300), Cancel); // the last request lines reach the pipe

        var logs = new[] { ("serve", serve.Output), ("emulator", emulator.Output) };
        Assert.Contains("dbug", emulator.Output + serve.Output, StringComparison.Ordinal);
        foreach (var secret in secrets.Where(s => s.Length >= 8).Distinct())
        {
            foreach (var form in Forms(secret))
            {
                foreach (var (process, output) in logs)
                {
                    Assert.False(output.Contains(form, StringComparison.Ordinal), $"{process}'s log holds a secret ({Describe(secret)}) as '{Describe(form)}'");
                }
            }
        }

        if (format == "json")
        {
            foreach (var line in serve.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var document = JsonDocument.Parse(line);
                Assert.True(document.RootElement.TryGetProperty("timestamp", out _), line);
                Assert.True(document.RootElement.TryGetProperty("event_id", out _), line);
            }

            Assert.Contains(serve.Output.Split('\n'), l => l.Contains("\"event_id\":4001", StringComparison.Ordinal) && l.Contains("\"user\":\"alice@contoso.test\"", StringComparison.Ordinal));
            Assert.Contains(serve.Output.Split('\n'), l => l.Contains("\"auth_status\":\"AuthSuccess\"", StringComparison.Ordinal));
        }
    }

    /// <summary>The secret as a log could hold it: itself, URL-encoded, base64 and base64url of its UTF-8.</summary>
    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        var bytes = Encoding.UTF8.GetBytes(secret);
        yield return Convert.ToBase64String(bytes).TrimEnd('=');
        yield return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    /// <summary>Only the length: the failure message must not print the secret either.</summary>
    private static string Describe(string secret) => $"{secret.Length} chars";

    private static void Keep(List<string> secrets, HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies)
            {
                var value = cookie.Split(';')[0];
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && value[(equals + 1)..] is { Length: > 0 } v)
                {
                    secrets.Add(v);
                }
            }
        }
    }

    private static List<string> SessionCookies(CookieContainer jar, string proxy) =>
        jar.GetCookies(new Uri(proxy)).Where(c => c.Name.StartsWith("_oauth2_proxy", StringComparison.Ordinal) && c.Value.Length > 0).Select(c => c.Value).ToList();

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpStatusCode> StatusAsync(string proxy, string path, AuthenticationHeaderValue authorization)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, proxy + path);
        request.Headers.Authorization = authorization;
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request, Cancel);
        return response.StatusCode;
    }
}
