using System.Net;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary>
/// Issue 12 with the real client: the real <c>kubectl</c>, whose kubeconfig user runs <c>lanyard kubectl get-token</c>
/// against the emulator, talks to a stand-in API server that authenticates bearer tokens through Lanyard's TokenReview
/// webhook exactly as kube-apiserver's webhook authenticator does (the kubeconfig <c>lanyard kube webhook-config</c>
/// printed, TLS checked against its CA, a POSTed TokenReview), and answers <c>kubectl auth whoami</c> with the user
/// and groups it got. Two clusters: Contoso's (single tenant, as AKS's), whose API server proves itself with a client
/// certificate and speaks v1, and a partners' cluster for Contoso and Fabrikam (a multi-tenant server application),
/// with a bearer token and v1beta1.
/// </summary>
public sealed class KubernetesClusterTests(KubernetesClusterTests.Clusters clusters) : IClassFixture<KubernetesClusterTests.Clusters>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeviceCodeSignIn_MakesKubectlTheUser_WithTheirGroups_AndTheNextRunUsesTheCache()
    {
        using var cache = new TemporaryDirectory();
        var codesBefore = await clusters.StatAsync("deviceCodesIssued");

        var alice = await clusters.WhoAmIAsync(cache.Path, DemoDirectory.ContosoTenantId, approveAs: DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(DemoDirectory.AliceUserPrincipalName, alice.GetProperty("username").GetString());
        Assert.Equal(DemoDirectory.AliceObjectId, alice.GetProperty("uid").GetString());
        var groups = Groups(alice);
        Assert.Contains(DemoDirectory.AdminsGroupId, groups);
        Assert.Contains("system:authenticated", groups);
        Assert.Equal([DemoDirectory.AliceObjectId], alice.GetProperty("extra").GetProperty("oid").EnumerateArray().Select(v => v.GetString()));

        // The second run is served from get-token's cache: no new device code, no new token request.
        var redemptions = await clusters.StatAsync("deviceCodeRedemptions");
        var again = await clusters.WhoAmIAsync(cache.Path, DemoDirectory.ContosoTenantId);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, again.GetProperty("username").GetString());
        Assert.Equal(1L, await clusters.StatAsync("deviceCodesIssued") - codesBefore);
        Assert.Equal(redemptions, await clusters.StatAsync("deviceCodeRedemptions"));
    }

    [Fact]
    public async Task FourParallelKubectlRuns_CauseOneSignIn()
    {
        using var cache = new TemporaryDirectory();
        var codesBefore = await clusters.StatAsync("deviceCodesIssued");

        var runs = Enumerable.Range(0, 4).Select(_ => clusters.StartWhoAmI(cache.Path, DemoDirectory.ContosoTenantId)).ToList();
        try
        {
            await EmulatorDeviceCodes.ApproveNextAsync(clusters.Emulator, DemoDirectory.BobUserPrincipalName, Cancel);
            foreach (var run in runs)
            {
                Assert.True(0 == await run.WaitForExitAsync(TimeSpan.FromSeconds(120)), run.Output);
                Assert.Equal(DemoDirectory.BobUserPrincipalName, UserInfo(run.StandardOutput).GetProperty("username").GetString());
            }
        }
        finally
        {
            foreach (var run in runs)
            {
                await run.DisposeAsync();
            }
        }

        Assert.Equal(1L, await clusters.StatAsync("deviceCodesIssued") - codesBefore);
    }

    [Fact]
    public async Task AnOverageUser_GetsAll250Groups_AndWhileGraphIsDownTheWebhookAnswers5xx_NeverAUser()
    {
        using var cache = new TemporaryDirectory();
        await clusters.SetFaultsAsync("""{ "graphUnavailable": true }""");
        try
        {
            var reviews = clusters.Contoso.Reviews.Count;
            await using var down = clusters.StartWhoAmI(cache.Path, DemoDirectory.ContosoTenantId);
            await EmulatorDeviceCodes.ApproveNextAsync(clusters.Emulator, DemoDirectory.ErinUserPrincipalName, Cancel);

            Assert.NotEqual(0, await down.WaitForExitAsync(TimeSpan.FromSeconds(120)));
            Assert.Contains("Unauthorized", down.Output, StringComparison.OrdinalIgnoreCase);
            var answers = clusters.Contoso.Reviews.Skip(reviews).ToList();
            Assert.NotEmpty(answers);
            Assert.All(answers, r => Assert.Equal((503, false), (r.Status, r.Authenticated)));
            Assert.All(answers, r => Assert.Contains("Microsoft Graph answered 503", r.Error, StringComparison.Ordinal));
        }
        finally
        {
            await clusters.SetFaultsAsync("""{ "graphUnavailable": false }""");
        }

        // Graph is back: the same cached token now gets all of Erin's groups, past the 200 a token can carry.
        var erin = await clusters.WhoAmIAsync(cache.Path, DemoDirectory.ContosoTenantId);
        Assert.Equal(DemoDirectory.ErinUserPrincipalName, erin.GetProperty("username").GetString());
        var groups = Groups(erin);
        Assert.Equal(DemoDirectory.ErinGroupCount + 1, groups.Count);
        Assert.Subset(groups.ToHashSet(), DemoDirectory.ErinGroupIds.ToHashSet());
    }

    [Fact]
    public async Task AGuestFromAnotherTenant_IsNamedByObjectId()
    {
        using var cache = new TemporaryDirectory();

        var guest = await clusters.WhoAmIAsync(cache.Path, DemoDirectory.ContosoTenantId, approveAs: DemoDirectory.CarolGuestUserPrincipalName);

        // Carol signed in to Contoso with her Fabrikam account: her guest object in Contoso, never a name she chose.
        Assert.Equal(DemoDirectory.CarolGuestObjectId, guest.GetProperty("username").GetString());
        Assert.Equal(DemoDirectory.CarolGuestObjectId, guest.GetProperty("uid").GetString());
        Assert.Equal([DemoDirectory.ContosoTenantId], guest.GetProperty("extra").GetProperty("tid").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task SomeoneFromAnotherTenant_IsNamedByObjectId_AndACluster_ThatDoesNotAllowTheirTenant_RefusesThem()
    {
        using var cache = new TemporaryDirectory();

        var carol = await clusters.WhoAmIAsync(cache.Path, DemoDirectory.FabrikamTenantId, approveAs: DemoDirectory.CarolUserPrincipalName, apiServer: clusters.Partners);

        Assert.Equal(DemoDirectory.CarolObjectId, carol.GetProperty("username").GetString());
        Assert.Equal([DemoDirectory.FabrikamTenantId], carol.GetProperty("extra").GetProperty("tid").EnumerateArray().Select(v => v.GetString()));

        // The same token at Contoso's cluster, as kubectl's static token: the webhook answers authenticated: false,
        // the API server 401, and kubectl fails with Unauthorized.
        var token = await clusters.CachedTokenAsync(cache.Path, DemoDirectory.FabrikamTenantId);
        var refused = await clusters.KubectlWithTokenAsync(clusters.Contoso, token);
        AssertUnauthorized(refused);
        Assert.Contains("tenant", refused.Review.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ExpiredTokens_AndTokensForAnotherApplication_AreRefused()
    {
        string expired;
        await clusters.SetFaultsAsync("""{ "backdateTokensSeconds": 7200 }""");
        try
        {
            expired = await clusters.TokenAsync(DemoDirectory.AliceUserPrincipalName, $"{DemoDirectory.KubeServerClientId}/.default");
        }
        finally
        {
            await clusters.SetFaultsAsync("""{ "backdateTokensSeconds": 0 }""");
        }

        var otherApi = await clusters.TokenAsync(DemoDirectory.AliceUserPrincipalName, $"api://{DemoDirectory.DevClientId}/access_as_user");
        var good = await clusters.TokenAsync(DemoDirectory.AliceUserPrincipalName, $"{DemoDirectory.KubeServerClientId}/.default");

        // Each as the static token: of a kubeconfig user, sent by the real kubectl.
        var expiredRun = await clusters.KubectlWithTokenAsync(clusters.Contoso, expired);
        var otherRun = await clusters.KubectlWithTokenAsync(clusters.Contoso, otherApi);
        var goodRun = await clusters.KubectlWithTokenAsync(clusters.Contoso, good);

        AssertUnauthorized(expiredRun);
        AssertUnauthorized(otherRun);
        Assert.Contains("expired", expiredRun.Review.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("issued for another application", otherRun.Review.Error, StringComparison.Ordinal);
        Assert.True(goodRun.Exit == 0, goodRun.Output);
        Assert.Equal((200, true), (goodRun.Review.Status, goodRun.Review.Authenticated));
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, UserInfo(goodRun.StandardOutput).GetProperty("username").GetString());
    }

    /// <summary>kubectl failed with the API server's 401, which followed the webhook's 200 with authenticated: false.</summary>
    private static void AssertUnauthorized(KubectlRun run)
    {
        Assert.NotEqual(0, run.Exit);
        Assert.Contains("Unauthorized", run.Output, StringComparison.Ordinal);
        Assert.Equal("", run.StandardOutput);
        Assert.Equal((200, false), (run.Review.Status, run.Review.Authenticated));
        Assert.False(string.IsNullOrEmpty(run.Review.Error));
    }

    public sealed record KubectlRun(int Exit, string StandardOutput, string Output, (int Status, bool Authenticated, string? Error) Review);

    private static List<string> Groups(JsonElement user) => [.. user.GetProperty("groups").EnumerateArray().Select(g => g.GetString()!)];

    private static JsonElement UserInfo(string whoAmIOutput)
    {
        using var document = JsonDocument.Parse(whoAmIOutput);
        return document.RootElement.GetProperty("status").GetProperty("userInfo").Clone();
    }

    public sealed class Clusters : IAsyncLifetime
    {
        private readonly int _emulatorPort = FreePort.Next();
        private readonly List<IAsyncDisposable> _owned = [];
        private TestProcess? _emulator;
        private TemporaryDirectory? _files;

        public HttpClient Emulator { get; private set; } = null!;


        /// <summary>Contoso's cluster; the API server presents a client certificate; TokenReview v1.</summary>
        public StandInApiServer Contoso { get; private set; } = null!;

        /// <summary>Contoso and Fabrikam; the API server presents a bearer token; TokenReview v1beta1.</summary>
        public StandInApiServer Partners { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            if (!File.Exists("/usr/bin/kubectl"))
            {
                Assert.Fail("kubectl is not installed; ./test.sh installs it (Debian package kubectl)");
            }

            _emulator = await EmulatorProcess.StartAsync(_emulatorPort);
            Emulator = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_emulatorPort}") };
            _files = new TemporaryDirectory();
            var file = (string name) => Path.Combine(_files.Path, name);
            TestCertificates.WriteServerPem(file("webhook.crt"), file("webhook.key"));
            TestCertificates.WriteServerPem(file("apiserver.crt"), file("apiserver.key"));
            var (authority, client) = TestCertificates.AuthorityAndClient("CN=kubernetes-ca", "CN=kube-apiserver");
            File.WriteAllText(file("client-ca.crt"), authority.ExportCertificatePem());
            TestCertificates.WriteClientPem(client, file("client.crt"), file("client.key"));
            authority.Dispose();
            client.Dispose();
            File.WriteAllText(file("webhook-token"), "kube-apiserver-" + Guid.NewGuid().ToString("N"));

            var contosoPort = FreePort.Next();
            var partnersPort = FreePort.Next();
            var common = $"""
                provider = "entra-id"
                client_id = "{DemoDirectory.KubeServerClientId}"
                client_secret = "{DemoDirectory.KubeServerClientSecret}"
                cookie_secret = "kPZ7Qp3w0b8mY1sV5xT9rN2uA6eC4dF0"
                cookie_secure = false
                email_domains = ["*"]
                upstreams = ["static://200"]
                entra_id_graph_url = "http://127.0.0.1:{_emulatorPort}/"
                kube_webhook_tls_cert_file = "{file("webhook.crt")}"
                kube_webhook_tls_key_file = "{file("webhook.key")}"

                """;
            var contoso = StartLanyard(common + $"""
                oidc_issuer_url = "http://127.0.0.1:{_emulatorPort}/{DemoDirectory.ContosoTenantId}/v2.0"
                http_address = "127.0.0.1:{FreePort.Next()}"
                kube_webhook_address = "https://127.0.0.1:{contosoPort}"
                kube_webhook_client_ca_file = "{file("client-ca.crt")}"
                """);
            var partners = StartLanyard(common + $"""
                oidc_issuer_url = "http://127.0.0.1:{_emulatorPort}/organizations/v2.0"
                insecure_oidc_skip_issuer_verification = true
                entra_id_allowed_tenants = ["{DemoDirectory.ContosoTenantId}", "{DemoDirectory.FabrikamTenantId}"]
                http_address = "127.0.0.1:{FreePort.Next()}"
                kube_webhook_address = "https://127.0.0.1:{partnersPort}"
                kube_webhook_token_file = "{file("webhook-token")}"
                """);
            await Task.WhenAll(contoso.WaitForOutputAsync("Kubernetes TokenReview webhook on", TimeSpan.FromSeconds(90)), partners.WaitForOutputAsync("Kubernetes TokenReview webhook on", TimeSpan.FromSeconds(90)));

            // The API servers' webhook configuration, as Lanyard prints it.
            var contosoConfig = await WebhookConfigAsync(file("contoso-webhook.yaml"), contosoPort, "--certificate-authority", file("webhook.crt"), "--client-certificate", file("client.crt"), "--client-key", file("client.key"));
            var partnersConfig = await WebhookConfigAsync(file("partners-webhook.yaml"), partnersPort, "--certificate-authority", file("webhook.crt"), "--token-file", file("webhook-token"));
            Contoso = await StandInApiServer.StartAsync(contosoConfig, file("apiserver.crt"), file("apiserver.key"));
            Partners = await StandInApiServer.StartAsync(partnersConfig, file("apiserver.crt"), file("apiserver.key"), reviewVersion: "v1beta1");
            _owned.Add(Contoso);
            _owned.Add(Partners);
        }

        /// <summary>What the webhooks logged, for a failure's message (they never log tokens).</summary>
        public string WebhookLogs => string.Join("\n----\n", _owned.OfType<TestProcess>().Select(p => p.Output));

        private TestProcess StartLanyard(string toml)
        {
            var process = TestProcess.Lanyard("serve", "--config", _files!.Write($"lanyard-{_owned.Count}.toml", toml));
            _owned.Add(process);
            return process;
        }

        private static async Task<string> WebhookConfigAsync(string path, int port, params string[] credentials)
        {
            await using var print = TestProcess.Lanyard(["kube", "webhook-config", "--server", $"https://127.0.0.1:{port}/apis/authentication.k8s.io/v1/tokenreviews", .. credentials]);
            Assert.Equal(0, await print.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            File.WriteAllText(path, print.StandardOutput);
            return path;
        }

        /// <summary><c>kubectl auth whoami -o json</c> with a kubeconfig whose user runs get-token (device code) for <paramref name="tenant"/>.</summary>
        public TestProcess StartWhoAmI(string cacheDirectory, string tenant, StandInApiServer? apiServer = null) =>
            TestProcess.Start("/usr/bin/kubectl", ["--kubeconfig", Kubeconfig(cacheDirectory, tenant, apiServer ?? Contoso), "auth", "whoami", "-o", "json"]);

        public async Task<JsonElement> WhoAmIAsync(string cacheDirectory, string tenant, string? approveAs = null, StandInApiServer? apiServer = null)
        {
            await using var kubectl = StartWhoAmI(cacheDirectory, tenant, apiServer);
            if (approveAs is not null)
            {
                await EmulatorDeviceCodes.ApproveNextAsync(Emulator, approveAs, Cancel);
            }

            Assert.True(0 == await kubectl.WaitForExitAsync(TimeSpan.FromSeconds(120)), kubectl.Output + "\n" + WebhookLogs);
            return UserInfo(kubectl.StandardOutput);
        }

        /// <summary>The token get-token has cached, as the ExecCredential it prints (no sign-in: the cache holds it).</summary>
        public async Task<string> CachedTokenAsync(string cacheDirectory, string tenant)
        {
            await using var run = TestProcess.Lanyard([.. GetTokenArguments(cacheDirectory, tenant)]);
            Assert.True(0 == await run.WaitForExitAsync(TimeSpan.FromSeconds(60)), run.Output);
            using var credential = JsonDocument.Parse(run.StandardOutput);
            return credential.RootElement.GetProperty("status").GetProperty("token").GetString()!;
        }

        /// <summary>A Contoso user's access token for <paramref name="scope"/>, from the emulator's dev client.</summary>
        public async Task<string> TokenAsync(string user, string scope)
        {
            var tokens = await EmulatorTokenClient.AcquireAsync(new SocketsHttpHandler { AllowAutoRedirect = false }, new Uri($"http://127.0.0.1:{_emulatorPort}/"), DemoDirectory.ContosoTenantId,
                DemoDirectory.DevClientId, DemoDirectory.DevClientSecret, "http://127.0.0.1:8080/oauth2/callback", user, scope);
            return tokens.GetProperty("access_token").GetString()!;
        }

        /// <summary>
        /// <c>kubectl auth whoami -o json</c> as a kubeconfig user whose credential is a static <c>token:</c>, and the
        /// webhook's answer the API server got for it (the last review it made during the run).
        /// </summary>
        public async Task<KubectlRun> KubectlWithTokenAsync(StandInApiServer apiServer, string token)
        {
            var before = apiServer.Reviews.Count;
            using var directory = new TemporaryDirectory();
            var kubeconfig = directory.Write("kubeconfig", KubeconfigText(apiServer, "static", $"""
                    token: {token}
                """));
            await using var kubectl = TestProcess.Start("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "auth", "whoami", "-o", "json"]);
            var exit = await kubectl.WaitForExitAsync(TimeSpan.FromSeconds(60));
            var reviews = apiServer.Reviews.Skip(before).ToList();
            Assert.True(reviews.Count > 0, "the API server asked the webhook nothing\n" + kubectl.Output + "\n" + WebhookLogs);
            return new KubectlRun(exit, kubectl.StandardOutput, kubectl.Output, reviews[^1]);
        }

        public Task<long> StatAsync(string name) => EmulatorDeviceCodes.StatAsync(Emulator, name, Cancel);

        public async Task SetFaultsAsync(string json)
        {
            using var response = await Emulator.PostAsync("/_emulator/faults", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        private string[] GetTokenArguments(string cacheDirectory, string tenant) =>
        [
            "kubectl", "get-token", "--login", "devicecode", "--server-id", DemoDirectory.KubeServerClientId, "--client-id", DemoDirectory.KubectlClientId,
            "--tenant-id", tenant, "--authority-host", $"http://127.0.0.1:{_emulatorPort}", "--token-cache-dir", Path.Combine(cacheDirectory, "tokens"),
        ];

        private string Kubeconfig(string cacheDirectory, string tenant, StandInApiServer apiServer)
        {
            var path = Path.Combine(cacheDirectory, $"kubeconfig-{tenant}");
            var args = string.Join(", ", new[] { RepositoryPaths.LanyardDll }.Concat(GetTokenArguments(cacheDirectory, tenant)).Select(a => JsonSerializer.Serialize(a)));
            File.WriteAllText(path, KubeconfigText(apiServer, "entra", $$"""
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      interactiveMode: Never
                      command: dotnet
                      args: [{{args}}]
                """));
            return path;
        }

        /// <summary>A kubeconfig with one cluster (the stand-in API server) and one user, whose <c>user:</c> lines are given.</summary>
        private static string KubeconfigText(StandInApiServer apiServer, string userName, string userLines) => $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: stand-in
              cluster:
                server: {{apiServer.Url.AbsoluteUri.TrimEnd('/')}}
                insecure-skip-tls-verify: true
            contexts:
            - name: stand-in
              context: {cluster: stand-in, user: {{userName}}}
            current-context: stand-in
            users:
            - name: {{userName}}
              user:
            {{userLines}}
            """;

        public async ValueTask DisposeAsync()
        {
            foreach (var owned in Enumerable.Reverse(_owned))
            {
                await owned.DisposeAsync();
            }

            Emulator?.Dispose();
            if (_emulator is not null)
            {
                await _emulator.DisposeAsync();
            }

            _files?.Dispose();
        }
    }
}
