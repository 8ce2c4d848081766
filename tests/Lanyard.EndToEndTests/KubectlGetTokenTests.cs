using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.EndToEndTests;

/// <summary>
/// <c>lanyard kubectl get-token</c> as kubectl runs it: a real process against <c>lanyard emulator</c>, the device
/// code approved through the emulator's hook, one ExecCredential on stdout; the cache, parallel runs, spn, Ctrl-C,
/// and the real kubectl sending the token to a stand-in API server.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KubectlGetTokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeviceCode_ApprovedAtTheEmulator_PrintsOneExecCredential_AndTheSecondRunIsServedFromTheCache()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await using (var first = GetToken(port, cache.Path, "devicecode"))
        {
            await EmulatorDeviceCodes.ApproveNextAsync(http, DemoDirectory.AliceUserPrincipalName, Ct);
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("To sign in, use a web browser to open the page", first.Output, StringComparison.Ordinal);
            var token = AssertOneCredential(first.StandardOutput, "client.authentication.k8s.io/v1beta1");
            Assert.Equal(DemoDirectory.KubeServerClientId, token.Audiences.Single());
            Assert.Equal(DemoDirectory.AliceUserPrincipalName, token.Claims.Single(c => c.Type == "upn").Value);
        }

        var cacheFile = Assert.Single(Directory.GetFiles(cache.Path, "*.json"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cacheFile));
        await using (var second = GetToken(port, cache.Path, "devicecode", execInfo: """{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}}"""))
        {
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            AssertOneCredential(second.StandardOutput, "client.authentication.k8s.io/v1");
            Assert.DoesNotContain("To sign in", second.Output, StringComparison.Ordinal);
        }

        Assert.Equal(1, await EmulatorDeviceCodes.StatAsync(http, "deviceCodesIssued", Ct));
    }

    [Fact]
    public async Task TwoParallelRuns_SignInOnce()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await using var one = GetToken(port, cache.Path, "devicecode");
        await using var two = GetToken(port, cache.Path, "devicecode");
        await EmulatorDeviceCodes.ApproveNextAsync(http, DemoDirectory.BobUserPrincipalName, Ct);

        Assert.Equal(0, await one.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, await two.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(
            AssertOneCredential(one.StandardOutput, "client.authentication.k8s.io/v1beta1").EncodedToken,
            AssertOneCredential(two.StandardOutput, "client.authentication.k8s.io/v1beta1").EncodedToken);
        Assert.Equal(1, await EmulatorDeviceCodes.StatAsync(http, "deviceCodesIssued", Ct));
    }

    [Fact]
    public async Task Spn_WithASecretFromTheEnvironment_GetsAnAppOnlyToken_AndNeverPrintsTheSecret()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();

        await using var run = TestProcess.LanyardWith(
            new Dictionary<string, string?> { ["AAD_SERVICE_PRINCIPAL_CLIENT_SECRET"] = DemoDirectory.KubeServerClientSecret },
            "kubectl", "get-token", "--login", "spn", "--server-id", DemoDirectory.KubeServerClientId, "--client-id", DemoDirectory.KubeServerClientId,
            "--tenant-id", DemoDirectory.ContosoTenantId, "--authority-host", $"http://127.0.0.1:{port}", "--token-cache-dir", cache.Path);

        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var token = AssertOneCredential(run.StandardOutput, "client.authentication.k8s.io/v1beta1");
        Assert.Equal(DemoDirectory.KubeServerClientId, token.Audiences.Single());
        Assert.Equal("app", token.Claims.Single(c => c.Type == "idtyp").Value);
        Assert.DoesNotContain(DemoDirectory.KubeServerClientSecret, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACacheDirectoryThatCannotBeMade_FailsWithOneLine_NotAStackTrace()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();
        // A file where the directory should be: no cache can be made under it, whoever runs the test.
        var blocked = Path.Combine(cache.Path, "not-a-directory");
        File.WriteAllText(blocked, "");

        await using var run = TestProcess.LanyardWith(
            new Dictionary<string, string?> { ["AAD_SERVICE_PRINCIPAL_CLIENT_SECRET"] = DemoDirectory.KubeServerClientSecret },
            "kubectl", "get-token", "--login", "spn", "--server-id", DemoDirectory.KubeServerClientId, "--client-id", DemoDirectory.KubeServerClientId,
            "--tenant-id", DemoDirectory.ContosoTenantId, "--authority-host", $"http://127.0.0.1:{port}", "--token-cache-dir", Path.Combine(blocked, "tokens"));

        Assert.NotEqual(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("", run.StandardOutput);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("the token cache in", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spn_WithAWrongSecret_FailsWithOneLineAndNoCredential()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();

        await using var run = TestProcess.Lanyard(
            "kubectl", "get-token", "--login", "spn", "--server-id", DemoDirectory.KubeServerClientId, "--client-id", DemoDirectory.KubeServerClientId,
            "--client-secret", "wrong-secret", "--tenant-id", DemoDirectory.ContosoTenantId, "--authority-host", $"http://127.0.0.1:{port}",
            "--token-cache-dir", cache.Path);

        Assert.NotEqual(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("", run.StandardOutput);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("AADSTS7000215", line, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlC_WhileWaitingForTheDeviceCode_EndsTheRunWithoutAStackTrace()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();
        await using var run = GetToken(port, cache.Path, "devicecode");
        await run.WaitForOutputAsync("To sign in");

        using (var kill = Process.Start("kill", ["-INT", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Ct);
        }

        Assert.NotEqual(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("", run.StandardOutput);
        Assert.Contains("sign-in cancelled", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclinedOnTheDeviceLoginPage_EndsTheRunNonZero_SayingSo_WithNothingOnStdout()
    {
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();
        using var browser = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await using var run = GetToken(port, cache.Path, "devicecode");
        await run.WaitForOutputAsync("To sign in");

        // As a person does it: read the code the plugin printed, open the page it names, enter the code, decline.
        var prompt = System.Text.RegularExpressions.Regex.Match(run.Output, @"open the page (\S+) and enter the code (\S+) ");
        Assert.True(prompt.Success, run.Output);
        var page = new Uri(prompt.Groups[1].Value);
        var userCode = prompt.Groups[2].Value;
        Assert.Contains("name=\"user_code\"", await browser.GetStringAsync(page.PathAndQuery, Ct), StringComparison.Ordinal);
        using (var entered = await browser.PostAsync(page.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["user_code"] = userCode }), Ct))
        {
            var picker = await entered.Content.ReadAsStringAsync(Ct);
            Assert.Contains("name=\"decline\"", picker, StringComparison.Ordinal);
        }

        using (var declined = await browser.PostAsync(page.PathAndQuery, new FormUrlEncodedContent(new Dictionary<string, string> { ["user_code"] = userCode, ["decline"] = "1" }), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
            Assert.Contains("You declined to sign in", await declined.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.NotEqual(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("", run.StandardOutput);
        Assert.Contains("lanyard kubectl get-token: the sign-in was declined", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(cache.Path, "*.json"));
        Assert.Equal(0, await EmulatorDeviceCodes.StatAsync(browser, "deviceCodeRedemptions", Ct));
    }

    [Fact]
    public async Task RealKubectl_RunsTheExecPlugin_AndSendsItsTokenToTheApiServer()
    {
        if (!File.Exists("/usr/bin/kubectl"))
        {
            Assert.Fail("kubectl is not installed; ./test.sh installs it (Debian package kubectl)");
        }

        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var cache = new TemporaryDirectory();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        // client-go sends exec credentials only over TLS, so the stand-in API server is https with a throwaway certificate.
        var apiPort = FreePort.Next();
        var (certFile, keyFile) = (Path.Combine(cache.Path, "api.crt"), Path.Combine(cache.Path, "api.key"));
        ServerTlsTests.WritePem(certFile, keyFile, "127.0.0.1");
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, apiPort, listen => listen.UseHttps(X509Certificate2.CreateFromPemFile(certFile, keyFile))));
        builder.Logging.ClearProviders();
        await using var apiServer = builder.Build();
        apiServer.Run(async context =>
        {
            seen.TrySetResult(context.Request.Headers.Authorization.ToString());
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"kind":"Status","apiVersion":"v1","status":"Success"}""");
        });
        await apiServer.StartAsync(Ct);
        var kubeconfig = cache.Write("kubeconfig", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: stand-in
              cluster:
                server: https://127.0.0.1:{apiPort}
                insecure-skip-tls-verify: true
            contexts:
            - name: stand-in
              context: {"{"}cluster: stand-in, user: alice{"}"}
            current-context: stand-in
            users:
            - name: alice
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  interactiveMode: Never
                  command: dotnet
                  args: [{RepositoryPaths.LanyardDll}, kubectl, get-token, --login, devicecode, --server-id, {DemoDirectory.KubeServerClientId},
                         --client-id, {DemoDirectory.KubectlClientId}, --tenant-id, {DemoDirectory.ContosoTenantId},
                         --authority-host, "http://127.0.0.1:{port}", --token-cache-dir, {Path.Combine(cache.Path, "tokens")}]
            """);

        await using var kubectl = TestProcess.Start("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "get", "--raw", "/api/v1/namespaces/default"]);
        await EmulatorDeviceCodes.ApproveNextAsync(http, DemoDirectory.AliceUserPrincipalName, Ct);

        Assert.True(0 == await kubectl.WaitForExitAsync(TimeSpan.FromSeconds(60)), kubectl.Output);
        var authorization = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        var token = new JsonWebToken(authorization["Bearer ".Length..]);
        Assert.Equal(DemoDirectory.KubeServerClientId, token.Audiences.Single());
        Assert.Equal(DemoDirectory.AliceObjectId, token.Claims.Single(c => c.Type == "oid").Value);
    }

    internal static TestProcess GetToken(int port, string cacheDirectory, string login, string? execInfo = null) =>
        TestProcess.LanyardWith(
            new Dictionary<string, string?> { ["KUBERNETES_EXEC_INFO"] = execInfo },
            "kubectl", "get-token", "--login", login, "--server-id", DemoDirectory.KubeServerClientId, "--client-id", DemoDirectory.KubectlClientId,
            "--tenant-id", DemoDirectory.ContosoTenantId, "--environment", "AzurePublicCloud", "--authority-host", $"http://127.0.0.1:{port}",
            "--token-cache-dir", cacheDirectory);

    internal static JsonWebToken AssertOneCredential(string standardOutput, string apiVersion)
    {
        var line = Assert.Single(standardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal(apiVersion, root.GetProperty("apiVersion").GetString());
        Assert.Equal("ExecCredential", root.GetProperty("kind").GetString());
        var status = root.GetProperty("status");
        var token = new JsonWebToken(status.GetProperty("token").GetString());
        var expiry = DateTimeOffset.Parse(status.GetProperty("expirationTimestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange((expiry - new DateTimeOffset(token.ValidTo, TimeSpan.Zero)).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
        return token;
    }
}
