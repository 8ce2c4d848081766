using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.EndToEndTests;

/// <summary>
/// The login modes of <c>lanyard kubectl get-token</c> besides device code and spn with a secret, each as a real
/// process against <c>lanyard emulator</c>: interactive sign-in through the loopback redirect (the browser's part
/// scripted), spn with a certificate (PEM, encrypted PEM, PFX), workload identity with a projected token, managed
/// identity at the emulator's IMDS; and what a cached sign-in does when its token runs out: a silent refresh, or
/// (the refresh token revoked) a fresh sign-in.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class KubectlLoginModeTests
{
    private const string V1Beta1 = "client.authentication.k8s.io/v1beta1";
    private const string CertificatePassword = "pfx-password-not-for-output";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Interactive_TheBrowserFollowsThePrintedUrl_PicksAnAccount_AndTheLoopbackRedirectEndsTheSignIn()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();
        using var http = Operator(port);

        await using var run = KubectlGetTokenTests.GetToken(port, cache.Path, "interactive");
        var authorize = await AuthorizeUrlAsync(run);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal($"http://127.0.0.1:{port}/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/authorize", authorize.GetLeftPart(UriPartial.Path));
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Matches("^http://localhost:[0-9]+$", query["redirect_uri"].ToString());
        Assert.Contains("offline_access", query["scope"].ToString(), StringComparison.Ordinal);

        var page = await SignInInBrowserAsync(authorize, DemoDirectory.AliceUserPrincipalName);

        Assert.Contains("Signed in.", page, StringComparison.Ordinal);
        Assert.Equal(0, await run.WaitForExitAsync(RunTimeout));
        var token = KubectlGetTokenTests.AssertOneCredential(run.StandardOutput, V1Beta1);
        AssertUserToken(token, DemoDirectory.AliceObjectId);
        Assert.Equal(1, await EmulatorDeviceCodes.StatAsync(http, "authorizationCodeRedemptions", Ct));
        Assert.Equal(0, await EmulatorDeviceCodes.StatAsync(http, "deviceCodesIssued", Ct));
        Assert.Single(Directory.GetFiles(cache.Path, "*.json"));
    }

    [Theory]
    [InlineData("pem")]
    [InlineData("encrypted-pem")]
    [InlineData("pfx")]
    public async Task Spn_WithTheAppsRegisteredCertificate_GetsAnAppOnlyTokenByClientAssertion(string format)
    {
        using var files = new TemporaryDirectory();
        using var key = RSA.Create(2048);
        using var certificate = SelfSigned(key);
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port, DirectoryWithServerCertificate(files, certificate));
        using var http = Operator(port);
        var (path, password) = format switch
        {
            "pem" => (files.Write("spn.pem", certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem()), null),
            "encrypted-pem" => (files.Write("spn.pem", certificate.ExportCertificatePem() + "\n" + key.ExportEncryptedPkcs8PrivateKeyPem(
                CertificatePassword, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000))), CertificatePassword),
            _ => (WriteBytes(files, "spn.pfx", certificate.Export(X509ContentType.Pkcs12, CertificatePassword)), CertificatePassword),
        };

        await using var run = Spn(port, files.Path, path, password);

        Assert.True(0 == await run.WaitForExitAsync(RunTimeout), run.Output);
        var token = KubectlGetTokenTests.AssertOneCredential(run.StandardOutput, V1Beta1);
        Assert.Equal(DemoDirectory.KubeServerClientId, token.Audiences.Single());
        Assert.Equal(DemoDirectory.KubeServerClientId, Claim(token, "appid"));
        Assert.Equal("app", Claim(token, "idtyp"));

        // appidacr 2: the client proved itself with a certificate, not a secret (1).
        Assert.Equal("2", Claim(token, "appidacr"));
        Assert.NotEqual(DemoDirectory.KubeServerClientId, Claim(token, "oid"));
        Assert.Equal(1, await EmulatorDeviceCodes.StatAsync(http, "clientAssertionsAccepted", Ct));
        Assert.DoesNotContain(CertificatePassword, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spn_APfxWithTheWrongPassword_FailsWithOneLine_ThatDoesNotShowThePassword()
    {
        using var files = new TemporaryDirectory();
        using var key = RSA.Create(2048);
        using var certificate = SelfSigned(key);
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port, DirectoryWithServerCertificate(files, certificate));
        var pfx = WriteBytes(files, "spn.pfx", certificate.Export(X509ContentType.Pkcs12, CertificatePassword));

        await using var run = Spn(port, files.Path, pfx, "not-the-" + CertificatePassword);

        Assert.NotEqual(0, await run.WaitForExitAsync(RunTimeout));
        Assert.Equal("", run.StandardOutput);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot load the client certificate", line, StringComparison.Ordinal);
        Assert.DoesNotContain(CertificatePassword, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkloadIdentity_WithAProjectedServiceAccountToken_GetsTheAppsTokenForTheServer()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var files = new TemporaryDirectory();
        using var http = Operator(port);
        using var minted = await http.PostAsync("/federation/kubernetes/token",
            new FormUrlEncodedContent([new("sub", DemoDirectory.KubernetesServiceAccountSubject)]), Ct);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var tokenFile = files.Write("azure-identity-token", (await minted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!);

        await using var run = WorkloadIdentity(port, files.Path, tokenFile);

        Assert.True(0 == await run.WaitForExitAsync(RunTimeout), run.Output);
        var token = KubectlGetTokenTests.AssertOneCredential(run.StandardOutput, V1Beta1);
        Assert.Equal(DemoDirectory.KubeServerClientId, token.Audiences.Single());
        Assert.Equal(DemoDirectory.DevClientId, Claim(token, "appid"));
        Assert.Equal("app", Claim(token, "idtyp"));
        Assert.Equal("2", Claim(token, "appidacr"));
        Assert.Equal(1, await EmulatorDeviceCodes.StatAsync(http, "clientAssertionsAccepted", Ct));
    }

    [Fact]
    public async Task WorkloadIdentity_AnEmptyTokenFile_FailsWithOneClearLine()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var files = new TemporaryDirectory();
        using var http = Operator(port);
        var tokenFile = files.Write("azure-identity-token", "\n");

        await using var run = WorkloadIdentity(port, files.Path, tokenFile);

        Assert.NotEqual(0, await run.WaitForExitAsync(RunTimeout));
        Assert.Equal("", run.StandardOutput);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"the federated token file {tokenFile}", line, StringComparison.Ordinal);
        Assert.Contains("is empty", line, StringComparison.Ordinal);
        Assert.Equal(0, await EmulatorDeviceCodes.StatAsync(http, "clientCredentialsTokens", Ct));
    }

    [Theory]
    [InlineData(null, DemoDirectory.SystemAssignedIdentityObjectId, DemoDirectory.SystemAssignedIdentityClientId)]
    [InlineData(DemoDirectory.UserAssignedIdentityClientId, DemoDirectory.UserAssignedIdentityObjectId, DemoDirectory.UserAssignedIdentityClientId)]
    public async Task Msi_AtTheEmulatorsImds_GetsTheIdentitysTokenForTheServer_AndCachesNothing(string? clientId, string objectId, string identityClientId)
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();
        using var http = Operator(port);
        string[] identity = clientId is null ? [] : ["--client-id", clientId];

        await using var run = TestProcess.LanyardWith(
            new Dictionary<string, string?> { ["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = $"http://127.0.0.1:{port}" },
            ["kubectl", "get-token", "--login", "msi", "--server-id", DemoDirectory.KubeServerClientId, .. identity, "--token-cache-dir", cache.Path]);

        Assert.True(0 == await run.WaitForExitAsync(RunTimeout), run.Output);
        var token = KubectlGetTokenTests.AssertOneCredential(run.StandardOutput, V1Beta1);
        Assert.Equal(DemoDirectory.KubeServerClientId, token.Audiences.Single());
        Assert.Equal(objectId, Claim(token, "oid"));
        Assert.Equal(identityClientId, Claim(token, "azp"));
        Assert.Equal("app", Claim(token, "idtyp"));
        Assert.Equal(1, await EmulatorDeviceCodes.StatAsync(http, "managedIdentityTokens", Ct));
        Assert.Empty(Directory.GetFiles(cache.Path, "*.json"));
    }

    [Fact]
    public async Task ACachedTokenNearItsExpiry_IsRefreshedSilently_WithoutANewSignIn()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();
        using var http = Operator(port);
        var first = await SignInWithDeviceCodeAsync(http, port, cache.Path);
        var cacheFile = Assert.Single(Directory.GetFiles(cache.Path, "*.json"));

        // Two minutes left: inside the five minutes before expiry in which get-token renews.
        SetExpiry(cacheFile, DateTimeOffset.UtcNow.AddMinutes(2));
        await using var second = KubectlGetTokenTests.GetToken(port, cache.Path, "devicecode");

        Assert.True(0 == await second.WaitForExitAsync(RunTimeout), second.Output);
        Assert.DoesNotContain("To sign in", second.Output, StringComparison.Ordinal);
        var renewed = KubectlGetTokenTests.AssertOneCredential(second.StandardOutput, V1Beta1);
        Assert.NotEqual(first.EncodedToken, renewed.EncodedToken);
        AssertUserToken(renewed, DemoDirectory.AliceObjectId);
        Assert.Equal(1, await EmulatorDeviceCodes.StatAsync(http, "refreshTokenRedemptions", Ct));
        Assert.Equal(1, await EmulatorDeviceCodes.StatAsync(http, "deviceCodesIssued", Ct));
        Assert.Equal(renewed.EncodedToken, CachedAccessToken(cacheFile));
    }

    [Fact]
    public async Task ARevokedRefreshToken_ClearsTheEntry_AndSignsInAgain()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();
        using var http = Operator(port);
        var first = await SignInWithDeviceCodeAsync(http, port, cache.Path);
        var cacheFile = Assert.Single(Directory.GetFiles(cache.Path, "*.json"));
        SetExpiry(cacheFile, DateTimeOffset.UtcNow.AddHours(-1));
        using (var revoke = await http.PostAsJsonAsync("/_emulator/faults", new { revokeRefreshTokens = true }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        await using var second = KubectlGetTokenTests.GetToken(port, cache.Path, "devicecode");
        await second.WaitForOutputAsync("To sign in", RunTimeout);

        // The dead entry is gone before the new sign-in is done, so nothing can be served from it meanwhile.
        Assert.False(File.Exists(cacheFile));
        Assert.Contains("The cached sign-in can no longer be refreshed (invalid_grant: AADSTS50173", second.Output, StringComparison.Ordinal);
        await EmulatorDeviceCodes.ApproveNextAsync(http, DemoDirectory.BobUserPrincipalName, Ct);
        Assert.True(0 == await second.WaitForExitAsync(RunTimeout), second.Output);
        var token = KubectlGetTokenTests.AssertOneCredential(second.StandardOutput, V1Beta1);
        Assert.NotEqual(first.EncodedToken, token.EncodedToken);
        AssertUserToken(token, DemoDirectory.BobObjectId);
        Assert.Equal(2, await EmulatorDeviceCodes.StatAsync(http, "deviceCodesIssued", Ct));
        Assert.Equal(0, await EmulatorDeviceCodes.StatAsync(http, "refreshTokenRedemptions", Ct));
        Assert.Equal(token.EncodedToken, CachedAccessToken(cacheFile));
    }

    private static HttpClient Operator(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<JsonWebToken> SignInWithDeviceCodeAsync(HttpClient http, int port, string cacheDirectory)
    {
        await using var run = KubectlGetTokenTests.GetToken(port, cacheDirectory, "devicecode");
        await EmulatorDeviceCodes.ApproveNextAsync(http, DemoDirectory.AliceUserPrincipalName, Ct);
        Assert.True(0 == await run.WaitForExitAsync(RunTimeout), run.Output);
        var token = KubectlGetTokenTests.AssertOneCredential(run.StandardOutput, V1Beta1);
        AssertUserToken(token, DemoDirectory.AliceObjectId);
        return token;
    }

    // A v1.0 user token for the server app, through the kubectl client: no idtyp (Entra adds it to app-only tokens).
    private static void AssertUserToken(JsonWebToken token, string objectId)
    {
        Assert.Equal(DemoDirectory.KubeServerClientId, token.Audiences.Single());
        Assert.Equal(objectId, Claim(token, "oid"));
        Assert.Equal(DemoDirectory.KubectlClientId, Claim(token, "appid"));
        Assert.DoesNotContain(token.Claims, c => c.Type == "idtyp");
    }

    private static string Claim(JsonWebToken token, string type) => token.Claims.Single(c => c.Type == type).Value;

    // The line get-token prints for the user to open; a browser opening it is what the rest of the test does.
    private static async Task<Uri> AuthorizeUrlAsync(TestProcess run)
    {
        await run.WaitForOutputAsync("open this URL in a browser: ", RunTimeout);
        return new Uri(AuthorizeLine().Match(run.Output).Groups["url"].Value);
    }

    /// <summary>
    /// What the user does in the browser: opens the URL, clicks their account on the emulator's picker, and the
    /// browser follows the redirect to get-token's loopback listener. Returns the page that listener answers with.
    /// </summary>
    private static async Task<string> SignInInBrowserAsync(Uri authorize, string user)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var picker = await browser.GetAsync(authorize, Ct);
        Assert.Equal(HttpStatusCode.OK, picker.StatusCode);
        var form = HtmlForm.Parse(await picker.Content.ReadAsStringAsync(Ct));
        Assert.Equal("POST", form.Method);
        using var picked = await browser.PostAsync(new Uri(authorize, form.Action), new FormUrlEncodedContent(form.SubmitWith(user)), Ct);
        Assert.Equal(HttpStatusCode.Found, picked.StatusCode);
        var callback = picked.Headers.Location!;
        Assert.Equal("localhost", callback.Host);
        using var landed = await browser.GetAsync(callback, Ct);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        return await landed.Content.ReadAsStringAsync(Ct);
    }

    private static TestProcess Spn(int port, string directory, string certificate, string? password) =>
        TestProcess.LanyardWith(
            new Dictionary<string, string?> { ["AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD"] = password },
            "kubectl", "get-token", "--login", "spn", "--server-id", DemoDirectory.KubeServerClientId, "--client-id", DemoDirectory.KubeServerClientId,
            "--client-certificate", certificate, "--tenant-id", DemoDirectory.ContosoTenantId, "--authority-host", $"http://127.0.0.1:{port}",
            "--token-cache-dir", Path.Combine(directory, "tokens"));

    // As Azure Workload Identity's webhook sets up a pod: client, tenant, authority host and token file in the environment.
    private static TestProcess WorkloadIdentity(int port, string directory, string tokenFile) =>
        TestProcess.LanyardWith(
            new Dictionary<string, string?>
            {
                ["AZURE_CLIENT_ID"] = DemoDirectory.DevClientId,
                ["AZURE_TENANT_ID"] = DemoDirectory.ContosoTenantId,
                ["AZURE_AUTHORITY_HOST"] = $"http://127.0.0.1:{port}",
                ["AZURE_FEDERATED_TOKEN_FILE"] = tokenFile,
            },
            "kubectl", "get-token", "--login", "workloadidentity", "--server-id", DemoDirectory.KubeServerClientId,
            "--token-cache-dir", Path.Combine(directory, "tokens"));

    private static X509Certificate2 SelfSigned(RSA key)
    {
        var request = new CertificateRequest("CN=lanyard kubectl spn", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
    }

    /// <summary>The demo directory (from its example file) with <paramref name="certificate"/> registered on the server app.</summary>
    private static string DirectoryWithServerCertificate(TemporaryDirectory files, X509Certificate2 certificate)
    {
        var example = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Lanyard.Emulator", "directory.example.json"));
        var directory = JsonNode.Parse(example, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var server = directory["applications"]!.AsArray().Single(app => (string?)app!["clientId"] == DemoDirectory.KubeServerClientId)!;
        server["certificates"] = new JsonArray(Convert.ToBase64String(certificate.RawData));
        return files.Write("directory.json", directory.ToJsonString());
    }

    private static string WriteBytes(TemporaryDirectory files, string name, byte[] bytes)
    {
        var path = Path.Combine(files.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // As if the time had passed: the cache file's expiry moved, the rest left as get-token wrote it.
    private static void SetExpiry(string cacheFile, DateTimeOffset expiresOn)
    {
        var entry = JsonNode.Parse(File.ReadAllText(cacheFile))!;
        Assert.NotNull(entry["refresh_token"]);
        entry["expires_on"] = expiresOn.ToUnixTimeSeconds();
        File.WriteAllText(cacheFile, entry.ToJsonString());
    }

    private static string? CachedAccessToken(string cacheFile) => (string?)JsonNode.Parse(File.ReadAllText(cacheFile))!["access_token"];

    [GeneratedRegex("open this URL in a browser: (?<url>\\S+)")]
    private static partial Regex AuthorizeLine();
}
