using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>
/// Issue 12's TokenReview webhook as kube-apiserver calls it (kubernetes-authn.md §1.1–1.2), against a real
/// <c>lanyard serve</c> and the emulator: a POSTed TokenReview of an Entra access token for the cluster's server
/// application, answered in the request's apiVersion, over TLS, from a caller that proves it is the API server with
/// a client certificate or a bearer token. There is no kube-apiserver here; the test sends exactly what it sends.
/// </summary>
public sealed class TokenReviewWebhookTests(TokenReviewWebhookTests.Webhook webhook) : IClassFixture<TokenReviewWebhookTests.Webhook>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string V1 = "authentication.k8s.io/v1";
    private const string V1Beta1 = "authentication.k8s.io/v1beta1";
    private const string V1Path = "/apis/authentication.k8s.io/v1/tokenreviews";

    [Theory]
    [InlineData(V1)]
    [InlineData(V1Beta1)]
    public async Task AnAccessTokenForTheServerApp_IsAUser_NamedAsAksNamesThem_InTheRequestsVersion(string version)
    {
        var tokens = await webhook.TokensAsync(DemoDirectory.AliceUserPrincipalName);

        var (status, review) = await webhook.ReviewAsync(Review(version, tokens.Access), bearer: webhook.ApiServerToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((version, "TokenReview"), (review.GetProperty("apiVersion").GetString(), review.GetProperty("kind").GetString()));
        var answer = review.GetProperty("status");
        Assert.True(answer.GetProperty("authenticated").GetBoolean(), answer.ToString());
        var user = answer.GetProperty("user");
        // A member of the app's home tenant is named by UPN, and identified by object id.
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, user.GetProperty("username").GetString());
        Assert.Equal(DemoDirectory.AliceObjectId, user.GetProperty("uid").GetString());
        Assert.Contains(DemoDirectory.AdminsGroupId, user.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        var extra = user.GetProperty("extra");
        Assert.Equal([DemoDirectory.AliceObjectId], extra.GetProperty("oid").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([DemoDirectory.ContosoTenantId], extra.GetProperty("tid").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("access_as_user", extra.GetProperty("scp").EnumerateArray().Select(v => v.GetString()));
        Assert.False(answer.TryGetProperty("audiences", out _), "no kube_api_audiences: the API server's implicit audiences apply");

        // Audited, and never with the token.
        await Poll.UntilAsync(() => Task.FromResult(webhook.Output.Contains($"TokenReview: authenticated {DemoDirectory.AliceUserPrincipalName}", StringComparison.Ordinal)), "the audit line", TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(tokens.Access, webhook.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientCertificateFromTheConfiguredCa_IsTheApiServer_AndOneFromAnotherCaIsNot()
    {
        var tokens = await webhook.TokensAsync(DemoDirectory.AliceUserPrincipalName);

        var (status, review) = await webhook.ReviewAsync(Review(V1, tokens.Access), clientCertificate: webhook.ApiServerCertificate);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(review.GetProperty("status").GetProperty("authenticated").GetBoolean());

        // A certificate the CA did not issue ends the handshake.
        using var stranger = TestCertificates.SelfSignedClient("CN=mallory");
        await Assert.ThrowsAsync<HttpRequestException>(() => webhook.ReviewAsync(Review(V1, tokens.Access), clientCertificate: stranger));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-api-servers-token-0123456789")]
    public async Task ACallerThatIsNotTheApiServer_Gets401_AndNoAnswerAboutTheToken(string? bearer)
    {
        var tokens = await webhook.TokensAsync(DemoDirectory.AliceUserPrincipalName);

        var (status, _) = await webhook.ReviewAsync(Review(V1, tokens.Access), bearer: bearer, parse: false);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task TokensThatAreNotGood_AreUnauthenticated_With200AndTheReason()
    {
        var tokens = await webhook.TokensAsync(DemoDirectory.AliceUserPrincipalName);
        var graph = await webhook.TokensAsync(DemoDirectory.AliceUserPrincipalName, "openid User.Read");

        async Task<string> RefusalAsync(string token)
        {
            var (status, review) = await webhook.ReviewAsync(Review(V1, token), bearer: webhook.ApiServerToken);
            Assert.Equal(HttpStatusCode.OK, status);
            var answer = review.GetProperty("status");
            Assert.False(answer.TryGetProperty("authenticated", out var authenticated) && authenticated.GetBoolean());
            Assert.False(answer.TryGetProperty("user", out _));
            return answer.GetProperty("error").GetString()!;
        }

        Assert.Contains("ID token", await RefusalAsync(tokens.Id), StringComparison.Ordinal);
        Assert.Contains("issued for another application, Microsoft Graph", await RefusalAsync(graph.Access), StringComparison.Ordinal);
        Assert.NotEmpty(await RefusalAsync("not.a.jwt"));
        var tampered = tokens.Access[..^4] + (tokens.Access.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        Assert.Contains("signature", await RefusalAsync(tampered), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphThrottlingPastTheRetries_IsAnHttp429_WithRetryAfter_NeverAUser()
    {
        // Erin is in 250 groups: her token carries none, so the review needs Graph, which keeps answering 429.
        var erin = await webhook.TokensAsync(DemoDirectory.ErinUserPrincipalName);
        await webhook.SetFaultsAsync("""{ "graphThrottleResponses": 100 }""");
        HttpResponseMessage throttled;
        try
        {
            throttled = await webhook.PostReviewAsync(Review(V1, erin.Access), bearer: webhook.ApiServerToken);
        }
        finally
        {
            await webhook.SetFaultsAsync("""{ "graphThrottleResponses": 0 }""");
        }

        using (throttled)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            // kube-apiserver's webhook client retries on a 429, after the Retry-After Graph gave (kubernetes-authn.md §1.2).
            Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
            using var review = JsonDocument.Parse(await throttled.Content.ReadAsStringAsync(Cancel));
            var answer = review.RootElement.GetProperty("status");
            Assert.False(answer.TryGetProperty("authenticated", out var authenticated) && authenticated.GetBoolean());
            Assert.False(answer.TryGetProperty("user", out _));
            Assert.Contains("throttling", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        // Graph is back: the API server's retry gets Erin with every group (the failed read was not cached).
        var (status, again) = await webhook.ReviewAsync(Review(V1, erin.Access), bearer: webhook.ApiServerToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(again.GetProperty("status").GetProperty("authenticated").GetBoolean(), again.ToString());
        Assert.Equal(DemoDirectory.ErinGroupCount, again.GetProperty("status").GetProperty("user").GetProperty("groups").GetArrayLength());
    }

    [Fact]
    public async Task SigningKeysThatCannotBeLoaded_AreAnHttp503_NeverAnAnswerAboutTheToken()
    {
        // The same webhook, but its provider's metadata and keys live where nothing listens.
        var tokens = await webhook.TokensAsync(DemoDirectory.AliceUserPrincipalName);
        var port = FreePort.Next();
        await using var serve = TestProcess.Lanyard(
            "serve", "--config", webhook.ConfigFile, "--oidc-issuer-url", $"http://127.0.0.1:{FreePort.Next()}/{DemoDirectory.ContosoTenantId}/v2.0",
            "--http-address", $"127.0.0.1:{FreePort.Next()}", "--kube-webhook-address", $"https://127.0.0.1:{port}");
        await serve.WaitForOutputAsync("Kubernetes TokenReview webhook on", TimeSpan.FromSeconds(90));

        using var response = await webhook.PostReviewAsync(Review(V1, tokens.Access), bearer: webhook.ApiServerToken, port: port);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var review = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var answer = review.RootElement.GetProperty("status");
        Assert.False(answer.TryGetProperty("authenticated", out var authenticated) && authenticated.GetBoolean());
        Assert.False(answer.TryGetProperty("user", out _));
        Assert.Contains("could not be loaded", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "not a TokenReview")]
    [InlineData("""{"apiVersion":"authentication.k8s.io/v1","kind":"SubjectAccessReview","spec":{"token":"x"}}""", "expected kind TokenReview")]
    [InlineData("""{"apiVersion":"authentication.k8s.io/v2","kind":"TokenReview","spec":{"token":"x"}}""", "expected kind TokenReview")]
    public async Task AMalformedReview_Is400_WithTheReason(string body, string reason)
    {
        var (status, text) = await webhook.SendAsync(HttpMethod.Post, V1Path, body, bearer: webhook.ApiServerToken);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWebhookListenerServesTokenReviewsOnly_AndTheProxyListenerServesNone()
    {
        var (other, _) = await webhook.SendAsync(HttpMethod.Get, "/oauth2/userinfo", null, bearer: webhook.ApiServerToken);
        var (get, _) = await webhook.SendAsync(HttpMethod.Get, V1Path, null, bearer: webhook.ApiServerToken);
        var (guards, _) = await webhook.SendAsync(HttpMethod.Post, "/tokenreviews", Review(V1, "x"), bearer: webhook.ApiServerToken);

        Assert.Equal(HttpStatusCode.NotFound, other);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get);
        Assert.Equal(HttpStatusCode.OK, guards);

        // The proxy's own listener does not answer TokenReviews: without a session it asks for one.
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var proxied = await plain.PostAsync(webhook.HttpUrl + V1Path, new StringContent(Review(V1, "x"), Encoding.UTF8, "application/json"), Cancel);
        Assert.NotEqual(HttpStatusCode.OK, proxied.StatusCode);
    }

    [Fact]
    public async Task WebhookConfig_PrintsTheKubeconfigTheApiServerReads()
    {
        await using var print = TestProcess.Lanyard("kube", "webhook-config", "--server", $"https://127.0.0.1:{webhook.Port}{V1Path}",
            "--certificate-authority", webhook.ServerCertificateFile, "--token-file", webhook.TokenFile);
        Assert.Equal(0, await print.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var kubeconfig = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(print.Output);
        var cluster = (Dictionary<object, object>)((Dictionary<object, object>)((List<object>)kubeconfig["clusters"])[0])["cluster"];
        var user = (Dictionary<object, object>)((Dictionary<object, object>)((List<object>)kubeconfig["users"])[0])["user"];
        Assert.Equal($"https://127.0.0.1:{webhook.Port}{V1Path}", cluster["server"]);
        Assert.Equal(File.ReadAllText(webhook.ServerCertificateFile), Encoding.ASCII.GetString(Convert.FromBase64String((string)cluster["certificate-authority-data"])));
        Assert.Equal(webhook.ApiServerToken, user["token"]);

        // What the API server would do with it: the token in it is accepted by the webhook.
        var tokens = await webhook.TokensAsync(DemoDirectory.AliceUserPrincipalName);
        var (status, review) = await webhook.ReviewAsync(Review(V1, tokens.Access), bearer: (string)user["token"]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(review.GetProperty("status").GetProperty("authenticated").GetBoolean());
    }

    [Fact]
    public async Task ConfigCheck_AndStartup_SayWhereTheWebhookListens_AndWhoMayCallIt()
    {
        await using var check = TestProcess.Lanyard("config", "check", "--config", webhook.ConfigFile);
        Assert.Equal(0, await check.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains($"Kubernetes TokenReview webhook: https://127.0.0.1:{webhook.Port}/apis/authentication.k8s.io/v1/tokenreviews, callers: a client certificate from 1 CA(s) or the bearer token in kube_webhook_token_file", check.Output, StringComparison.Ordinal);
        Assert.Contains($"user names: upn (home-tenant members; oid for everyone else)", check.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(webhook.ApiServerToken, check.Output, StringComparison.Ordinal);
        Assert.Contains($"Kubernetes TokenReview webhook on https://127.0.0.1:{webhook.Port}", webhook.Output, StringComparison.Ordinal);
    }

    /// <summary>A TokenReview as kube-apiserver's Go serializer writes it (empty metadata and status included).</summary>
    private static string Review(string version, string token) => JsonSerializer.Serialize(new
    {
        apiVersion = version,
        kind = "TokenReview",
        metadata = new { creationTimestamp = (string?)null },
        spec = new { token, audiences = new[] { "https://kubernetes.default.svc.cluster.local" } },
        status = new { user = new { } },
    });

    public sealed class Webhook : IAsyncLifetime
    {
        private TestProcess? _emulator;
        private TestProcess? _serve;
        private readonly int _emulatorPort = FreePort.Next();
        private readonly int _httpPort = FreePort.Next();
        private string _serverThumbprint = "";
        private X509Certificate2? _apiServerCertificate;

        public int Port { get; } = FreePort.Next();

        public string HttpUrl => $"http://127.0.0.1:{_httpPort}";

        public string ApiServerToken { get; } = "kube-apiserver-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

        public X509Certificate2 ApiServerCertificate => _apiServerCertificate!;

        public string ServerCertificateFile { get; private set; } = "";

        public string TokenFile { get; private set; } = "";

        public string ConfigFile { get; private set; } = "";

        public string Output => _serve?.Output ?? "";

        public async ValueTask InitializeAsync()
        {
            _emulator = await EmulatorProcess.StartAsync(_emulatorPort);
            var directory = Directory.CreateTempSubdirectory("lanyard-webhook-").FullName;
            ServerCertificateFile = Path.Combine(directory, "tls.crt");
            var keyFile = Path.Combine(directory, "tls.key");
            _serverThumbprint = ServerTlsTests.WritePem(ServerCertificateFile, keyFile, "lanyard.test");
            var (authority, client) = TestCertificates.AuthorityAndClient("CN=kubernetes-ca", "CN=kube-apiserver");
            _apiServerCertificate = client;
            var caFile = Path.Combine(directory, "client-ca.crt");
            File.WriteAllText(caFile, authority.ExportCertificatePem());
            authority.Dispose();
            TokenFile = Path.Combine(directory, "webhook-token");
            File.WriteAllText(TokenFile, ApiServerToken + "\n");
            var config = ConfigFile = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(_emulatorPort) + $"""

                email_domains = ["*"]
                upstreams = ["static://200"]
                http_address = "127.0.0.1:{_httpPort}"
                kube_webhook_address = "https://127.0.0.1:{Port}"
                kube_webhook_tls_cert_file = "{ServerCertificateFile}"
                kube_webhook_tls_key_file = "{keyFile}"
                kube_webhook_client_ca_file = "{caFile}"
                kube_webhook_token_file = "{TokenFile}"
                entra_id_graph_url = "http://127.0.0.1:{_emulatorPort}/"
                """);
            _serve = TestProcess.Lanyard("serve", "--config", config);
            await _serve.WaitUntilOkAsync($"{HttpUrl}/ready");
        }

        /// <summary>Alice's tokens from the emulator, as kubectl's credential plugin gets them for the server app.</summary>
        public async Task<(string Access, string Id)> TokensAsync(string user, string? scope = null)
        {
            var tokens = await EmulatorTokenClient.AcquireAsync(new SocketsHttpHandler { AllowAutoRedirect = false }, new Uri($"http://127.0.0.1:{_emulatorPort}/"), DemoDirectory.ContosoTenantId,
                DemoDirectory.DevClientId, DemoDirectory.DevClientSecret, $"{HttpUrl}/oauth2/callback", user, scope ?? $"openid api://{DemoDirectory.DevClientId}/access_as_user");
            return (tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("id_token").GetString()!);
        }

        public async Task<(HttpStatusCode Status, JsonElement Review)> ReviewAsync(string body, string? bearer = null, X509Certificate2? clientCertificate = null, bool parse = true)
        {
            var (status, text) = await SendAsync(HttpMethod.Post, V1Path, body, bearer, clientCertificate);
            return (status, parse ? JsonDocument.Parse(text).RootElement.Clone() : default);
        }

        public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? body, string? bearer = null, X509Certificate2? clientCertificate = null)
        {
            using var response = await ExchangeAsync(method, path, body, bearer, clientCertificate, Port);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        /// <summary>A review POSTed to the webhook (or another one on <paramref name="port"/> with this one's certificate), the whole response.</summary>
        public Task<HttpResponseMessage> PostReviewAsync(string body, string? bearer = null, int? port = null) =>
            ExchangeAsync(HttpMethod.Post, V1Path, body, bearer, null, port ?? Port);

        public async Task SetFaultsAsync(string json)
        {
            using var emulator = new HttpClient();
            using var response = await emulator.PostAsync($"http://127.0.0.1:{_emulatorPort}/_emulator/faults", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        private async Task<HttpResponseMessage> ExchangeAsync(HttpMethod method, string path, string? body, string? bearer, X509Certificate2? clientCertificate, int port)
        {
            var handler = new SocketsHttpHandler
            {
                SslOptions =
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString(HashAlgorithmName.SHA256) == _serverThumbprint,
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                },
            };
            using var client = new HttpClient(handler);
            using var request = new HttpRequestMessage(method, $"https://127.0.0.1:{port}{path}");
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            if (bearer is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            }

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, TestContext.Current.CancellationToken);
            return response;
        }

        public async ValueTask DisposeAsync()
        {
            _apiServerCertificate?.Dispose();
            if (_serve is not null)
            {
                await _serve.DisposeAsync();
            }

            if (_emulator is not null)
            {
                await _emulator.DisposeAsync();
            }
        }
    }
}
