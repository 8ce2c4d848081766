using System.Net;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.EndToEndTests;

/// <summary>
/// <c>lanyard kubectl convert-kubeconfig</c> as a process on the kubeconfig <c>az aks get-credentials</c> wrote for a
/// legacy Entra cluster (seed 002), then the real kubectl on the result: it reads the exec stanza, and runs it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KubectlConvertKubeconfigTests
{
    private const string Kubectl = "/usr/bin/kubectl";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string LegacyKubeconfig(string server, string insecure = "") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            server: {server}
        {insecure}
          name: myakscluster
        contexts:
        - context:
            cluster: myakscluster
            user: clusterUser_myResourceGroup_myakscluster
          name: myakscluster
        current-context: myakscluster
        users:
        - name: clusterUser_myResourceGroup_myakscluster
          user:
            auth-provider:
              config:
                apiserver-id: {DemoDirectory.KubeServerClientId}
                client-id: {DemoDirectory.KubectlClientId}
                config-mode: '1'
                environment: AzurePublicCloud
                tenant-id: {DemoDirectory.ContosoTenantId}
              name: azure
        """;

    [Fact]
    public async Task LegacyAzureUser_FromKubeconfigsFirstFile_IsAnExecStanzaKubectlReads()
    {
        RequireKubectl();
        using var home = new TemporaryDirectory();
        var path = home.Write("kube/config", LegacyKubeconfig("https://myakscluster-dns.hcp.eastus.azmk8s.io:443"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // No --kubeconfig: the first file of KUBECONFIG is the one kubelogin (and lanyard) edits. HOME is the
        // test's, so ~/.kube/config, were it read by mistake, is not the user's.
        var environment = new Dictionary<string, string?> { ["KUBECONFIG"] = $"{path}:{Path.Combine(home.Path, "absent")}", ["HOME"] = home.Path };
        await using (var convert = TestProcess.LanyardWith(environment, "kubectl", "convert-kubeconfig", "--command", "lanyard"))
        {
            Assert.True(0 == await convert.WaitForExitAsync(TimeSpan.FromSeconds(30)), convert.Output);
            Assert.Contains("Converted 1 user(s)", convert.Output, StringComparison.Ordinal);
        }

        const string Paths = """{.users[0].user.exec.apiVersion}|{.users[0].user.exec.command}|{.users[0].user.exec.args}|{.users[0].user.exec.interactiveMode}|{.users[0].user.exec.provideClusterInfo}""";
        var view = await KubectlAsync(environment, "config", "view", "--raw", "-o", $"jsonpath={Paths}");
        Assert.Equal(
            "client.authentication.k8s.io/v1beta1|lanyard|"
            + $"""["kubectl","get-token","--login","devicecode","--server-id","{DemoDirectory.KubeServerClientId}","--client-id","{DemoDirectory.KubectlClientId}","--tenant-id","{DemoDirectory.ContosoTenantId}","--environment","AzurePublicCloud"]"""
            + "|IfAvailable|false",
            view);
        Assert.Equal("", await KubectlAsync(environment, "config", "view", "--raw", "-o", "jsonpath={.users[0].user.auth-provider}"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task TheConvertedStanza_IsRunByKubectl_WhichSendsItsTokenToTheApiServer()
    {
        RequireKubectl();
        var port = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(port);
        using var home = new TemporaryDirectory();
        var apiPort = FreePort.Next();
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var apiServer = await StandInApiServerAsync(home, apiPort, seen);
        var path = home.Write("kube/config", LegacyKubeconfig($"https://127.0.0.1:{apiPort}", "    insecure-skip-tls-verify: true"));

        // The lanyard executable itself (the apphost beside lanyard.dll), so the default --command is its path. spn
        // with the secret in kubectl's environment needs no person at a device-code page.
        var lanyard = Path.ChangeExtension(RepositoryPaths.LanyardDll, null);
        Assert.True(File.Exists(lanyard), $"the lanyard executable is not built beside lanyard.dll at {lanyard}");
        await using (var convert = TestProcess.Start(lanyard, ["kubectl", "convert-kubeconfig", "--kubeconfig", path, "--login", "spn", "--client-id", DemoDirectory.KubeServerClientId,
            "--authority-host", $"http://127.0.0.1:{port}", "--token-cache-dir", Path.Combine(home.Path, "tokens")], new Dictionary<string, string?> { ["HOME"] = home.Path }))
        {
            Assert.True(0 == await convert.WaitForExitAsync(TimeSpan.FromSeconds(30)), convert.Output);
        }

        Assert.Contains($"command: {lanyard}", File.ReadAllText(path), StringComparison.Ordinal);
        var environment = new Dictionary<string, string?> { ["HOME"] = home.Path, ["AAD_SERVICE_PRINCIPAL_CLIENT_SECRET"] = DemoDirectory.KubeServerClientSecret };
        await KubectlAsync(environment, "--kubeconfig", path, "get", "--raw", "/api/v1/namespaces/default");

        var authorization = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var token = new JsonWebToken(authorization["Bearer ".Length..]);
        Assert.Equal(DemoDirectory.KubeServerClientId, token.Audiences.Single());
        Assert.Equal("app", token.Claims.Single(c => c.Type == "idtyp").Value);
    }

    private static void RequireKubectl()
    {
        if (!File.Exists(Kubectl))
        {
            Assert.Fail("kubectl is not installed; ./test.sh installs it (Debian package kubectl)");
        }
    }

    private static async Task<string> KubectlAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        await using var kubectl = TestProcess.Start(Kubectl, args, environment);
        Assert.True(0 == await kubectl.WaitForExitAsync(TimeSpan.FromSeconds(60)), kubectl.Output);
        return kubectl.StandardOutput.TrimEnd('\n');
    }

    /// <summary>An https API server (client-go sends exec credentials only over TLS) that keeps the first bearer token.</summary>
    private static async Task<WebApplication> StandInApiServerAsync(TemporaryDirectory directory, int port, TaskCompletionSource<string> seen)
    {
        var (certFile, keyFile) = (Path.Combine(directory.Path, "api.crt"), Path.Combine(directory.Path, "api.key"));
        ServerTlsTests.WritePem(certFile, keyFile, "127.0.0.1");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(X509Certificate2.CreateFromPemFile(certFile, keyFile))));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            seen.TrySetResult(context.Request.Headers.Authorization.ToString());
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"kind":"Status","apiVersion":"v1","status":"Success"}""");
        });
        await app.StartAsync(Ct);
        return app;
    }
}
