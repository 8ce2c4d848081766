using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Secretless client authentication at the emulator's token endpoint: a certificate (private_key_jwt), a federated
/// token file (workload identity, Kubernetes service-account token) and a managed identity, for sign-in and refresh.
/// </summary>
public sealed class ClientAuthenticationTests : IDisposable
{
    private const string ServiceAccount = "system:serviceaccount:lanyard:lanyard-proxy";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lanyard-client-auth-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static Action<Dictionary<string, object>> WithoutSecret(Action<Dictionary<string, object>> configure) => s =>
    {
        s.Remove("client_secret");
        configure(s);
    };

    private static long AssertionsAccepted(LanyardTestEnvironment env) =>
        env.Emulator.Services.GetRequiredService<EmulatorStatistics>().ClientAssertionsAccepted;

    private static EmulatorApplication TrustKubernetes(EmulatorApplication app) => app with
    {
        ClientSecrets = [],
        FederatedIdentityCredentials =
        [
            new EmulatorFederatedIdentityCredential
            {
                Name = "kubernetes",
                Issuer = EmulatorFederatedIdentityCredential.AuthorityPlaceholder + "/federation/kubernetes",
                Subject = ServiceAccount,
            },
        ],
    };

    /// <summary>A service-account token from the emulator's stand-in for the cluster's OIDC issuer.</summary>
    private static async Task<string> ServiceAccountTokenAsync(LanyardTestEnvironment env, string subject)
    {
        using var http = new HttpClient(env.Network.CreateHandler());
        using var response = await http.PostAsync(
            new Uri(LanyardTestEnvironment.EmulatorUrl, "/federation/kubernetes/token"),
            new FormUrlEncodedContent([new("sub", subject)]),
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    [Fact]
    public async Task Certificate_SignsAPrivateKeyJwtAssertion()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=lanyard-integration", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pem = Path.Combine(_directory.FullName, "app.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);

        await using var env = await LanyardTestEnvironment.StartAsync(
            WithoutSecret(s => s["entra_id_client_certificate_file"] = pem),
            registerApplication: app => app with { ClientSecrets = [], Certificates = [Convert.ToBase64String(certificate.RawData)] });
        using var browser = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
        Assert.Equal(1L, AssertionsAccepted(env));
    }

    [Fact]
    public async Task CertificateTheAppDoesNotTrust_IsRefused()
    {
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=untrusted", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pem = Path.Combine(_directory.FullName, "untrusted.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);

        await using var env = await LanyardTestEnvironment.StartAsync(
            WithoutSecret(s => s["entra_id_client_certificate_file"] = pem),
            registerApplication: app => app with { ClientSecrets = [] });
        using var browser = env.Browser();

        var result = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.Forbidden, result.StatusCode);
        Assert.Contains("invalid_client", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkloadIdentityTokenFile_IsReadAfreshForEveryRequest()
    {
        var tokenFile = Path.Combine(_directory.FullName, "azure-identity-token");
        await File.WriteAllTextAsync(tokenFile, "not-yet-a-token", TestContext.Current.CancellationToken);
        await using var env = await LanyardTestEnvironment.StartAsync(
            WithoutSecret(s => s["entra_id_federated_token_auth"] = true),
            environment: new Dictionary<string, string> { ["AZURE_FEDERATED_TOKEN_FILE"] = tokenFile },
            registerApplication: TrustKubernetes);
        using var browser = env.Browser();

        // The kubelet has not written a usable token yet: the sign-in fails …
        Assert.NotEqual(HttpStatusCode.OK, (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);

        // … and once it has, the same running proxy uses the new token, with no restart.
        await File.WriteAllTextAsync(tokenFile, await ServiceAccountTokenAsync(env, ServiceAccount), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
    }

    [Fact]
    public async Task ServiceAccountTokenForAnotherSubject_IsRefused()
    {
        var tokenFile = Path.Combine(_directory.FullName, "token");
        await File.WriteAllTextAsync(tokenFile, "placeholder", TestContext.Current.CancellationToken);
        await using var env = await LanyardTestEnvironment.StartAsync(
            WithoutSecret(s => s["entra_id_client_assertion"] = $"KubernetesServiceAccountToken={tokenFile}"),
            registerApplication: TrustKubernetes);
        await File.WriteAllTextAsync(tokenFile, await ServiceAccountTokenAsync(env, "system:serviceaccount:other:intruder"), TestContext.Current.CancellationToken);
        using var browser = env.Browser();

        var result = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.Forbidden, result.StatusCode);
        Assert.Null(browser.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task FederatedTokenAuth_AlsoAuthenticatesTheRefresh()
    {
        var proxyTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tokenFile = Path.Combine(_directory.FullName, "token");
        await File.WriteAllTextAsync(tokenFile, "placeholder", TestContext.Current.CancellationToken);
        await using var env = await LanyardTestEnvironment.StartAsync(
            WithoutSecret(s =>
            {
                s["entra_id_client_assertion"] = $"KubernetesServiceAccountToken={tokenFile}";
                s["cookie_refresh"] = "1m";
            }),
            proxyTime: proxyTime,
            registerApplication: TrustKubernetes);
        await File.WriteAllTextAsync(tokenFile, await ServiceAccountTokenAsync(env, ServiceAccount), TestContext.Current.CancellationToken);
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        proxyTime.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
        Assert.Equal(2L, AssertionsAccepted(env));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ManagedIdentity_TokenIsTheAssertion(bool userAssigned)
    {
        var objectId = userAssigned ? DemoDirectory.UserAssignedIdentityObjectId : DemoDirectory.SystemAssignedIdentityObjectId;
        var mode = userAssigned ? $"AzureManagedIdentity={DemoDirectory.UserAssignedIdentityClientId}" : "AzureManagedIdentity";
        await using var env = await LanyardTestEnvironment.StartAsync(
            WithoutSecret(s =>
            {
                s["entra_id_client_assertion"] = mode;
                s["entra_id_managed_identity_endpoint"] = LanyardTestEnvironment.EmulatorUrl.AbsoluteUri;
            }),
            registerApplication: app => app with
            {
                ClientSecrets = [],
                FederatedIdentityCredentials =
                [
                    new EmulatorFederatedIdentityCredential { Name = "managed-identity", Issuer = DemoDirectory.ManagedIdentityIssuer, Subject = objectId },
                ],
            });
        using var browser = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
        Assert.Equal(1L, env.Emulator.Services.GetRequiredService<EmulatorStatistics>().ManagedIdentityTokens);
    }
}
