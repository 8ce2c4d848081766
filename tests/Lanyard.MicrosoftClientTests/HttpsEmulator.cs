using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Identity.Client;

namespace Lanyard.MicrosoftClientTests;

/// <summary>
/// <c>lanyard emulator --https-address</c> as its own process, with the certificate it makes for itself (under a
/// throwaway user data directory), and the one thing a client needs besides the authority: trust in that certificate,
/// as <c>lanyard emulator trust-cert --print</c> hands it out, given to each library the way it takes an HTTP handler.
/// The web app of <see cref="OpenIdConnectWebAppTests"/> has a certificate of its own, trusted the same way.
/// </summary>
public sealed class HttpsEmulator : IAsyncLifetime
{
    private readonly TemporaryDirectory _files = new("lanyard-https-emulator-");
    private TestProcess? _process;
    private HttpClient? _msalClient;

    public int Port { get; } = FreePort.Next();

    /// <summary>The emulator's root, <c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri Root => new($"https://127.0.0.1:{Port}/");

    /// <summary>The authority an app would configure for <paramref name="tenant"/>, as it would name Entra's.</summary>
    public string Authority(string tenant) => $"{Root}{tenant}/";

    /// <summary>The emulator's root as README's snippets name it (<c>emulatorUrl</c>): <c>https://127.0.0.1:{port}</c>.</summary>
    public string Url => $"https://127.0.0.1:{Port}";

    /// <summary>What <c>lanyard emulator trust-cert --print</c> printed (README's <c>emulatorPem</c>).</summary>
    public string Pem { get; private set; } = "";

    public X509Certificate2 Certificate { get; private set; } = null!;

    /// <summary>A certificate (with its key) registered on the Kubernetes server app, for certificate credentials.</summary>
    public X509Certificate2 ClientCertificate { get; private set; } = null!;

    /// <summary>
    /// The port of <see cref="OpenIdConnectWebAppTests"/>' web app, whose redirect URI the dev app registers. It runs
    /// over https, as its correlation and nonce cookies are Secure, with a certificate of its own.
    /// </summary>
    public int WebAppPort { get; } = FreePort.Next();

    /// <summary>The web app's certificate and key (PEM).</summary>
    public string WebAppCertificateFile => Path.Combine(_files.Path, "webapp.crt");

    public string WebAppKeyFile => Path.Combine(_files.Path, "webapp.key");

    private X509Certificate2 _webAppCertificate = null!;

    public string Output => _process?.Output ?? "";

    /// <summary>For <c>/_emulator/*</c> (device-code approval, stats, faults).</summary>
    public HttpClient Operator { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        TestCertificates.WriteServerPem(WebAppCertificateFile, WebAppKeyFile);
        _webAppCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(WebAppCertificateFile));
        using (var key = RSA.Create(2048))
        {
            using var created = new CertificateRequest("CN=lanyard-client-tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            ClientCertificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        }

        var directory = Directory();
        var environment = new Dictionary<string, string?> { ["HOME"] = _files.Path, ["XDG_DATA_HOME"] = Path.Combine(_files.Path, "data") };
        _process = TestProcess.LanyardWith(environment, "emulator", "--https-address", $"127.0.0.1:{Port}", "--directory", directory);
        await _process.WaitForOutputAsync($"https://127.0.0.1:{Port}", TimeSpan.FromSeconds(60));
        await using (var trust = TestProcess.LanyardWith(environment, "emulator", "trust-cert", "--print"))
        {
            Assert.Equal(0, await trust.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Pem = trust.StandardOutput;
            Certificate = X509Certificate2.CreateFromPem(Pem);
        }

        Operator = new HttpClient(CreateHandler()) { BaseAddress = Root };
        _msalClient = new HttpClient(CreateHandler());
        MsalHttpClients = new MsalClients(_msalClient);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await Operator.GetAsync("/", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    /// <summary>
    /// The demo directory (from its example file), with what these apps register in their own tenant: the client
    /// certificate on the Kubernetes server app and the web app's redirect URI on the dev app.
    /// </summary>
    private string Directory()
    {
        var example = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Lanyard.Emulator", "directory.example.json"));
        var directory = JsonNode.Parse(example, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var applications = directory["applications"]!.AsArray();
        applications.Single(app => (string?)app!["clientId"] == DemoDirectory.KubeServerClientId)!["certificates"] = new JsonArray(Convert.ToBase64String(ClientCertificate.RawData));
        applications.Single(app => (string?)app!["clientId"] == DemoDirectory.DevClientId)!["redirectUris"]!.AsArray().Add($"https://127.0.0.1:{WebAppPort}/signin-oidc");
        return _files.Write("directory.json", directory.ToJsonString());
    }

    /// <summary>An HTTP handler that trusts the emulator's (and the web app's) certificate and nothing else, names checked; redirects are the caller's.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = TrustedRoots.Handler(Certificate, _webAppCertificate);
        handler.AllowAutoRedirect = false;
        return handler;
    }

    /// <summary>MSAL's way to take that handler (one client, as MSAL expects of a factory).</summary>
    public IMsalHttpClientFactory MsalHttpClients { get; private set; } = null!;

    public async ValueTask DisposeAsync()
    {
        Operator?.Dispose();
        _msalClient?.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Certificate?.Dispose();
        ClientCertificate?.Dispose();
        _webAppCertificate?.Dispose();
        _files.Dispose();
    }

    private sealed class MsalClients(HttpClient client) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => client;
    }
}
