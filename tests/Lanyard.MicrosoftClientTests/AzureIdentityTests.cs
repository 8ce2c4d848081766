using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Lanyard.Emulator;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.MicrosoftClientTests;

/// <summary>Azure.Identity's credentials against the emulator, with its authority host and its certificate trusted.</summary>
public sealed class AzureIdentityTests(HttpsEmulator emulator) : IClassFixture<HttpsEmulator>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly TokenRequestContext DemoApi = new([AppOnlyClaims.DemoApiDefaultScope]);

    private T Options<T>(T options) where T : TokenCredentialOptions
    {
        options.AuthorityHost = emulator.Root;
        options.Transport = new HttpClientTransport(emulator.CreateHandler());
        return options;
    }

    [Fact]
    public async Task ClientSecretCredential_GetsAnAppOnlyToken()
    {
        var (emulatorUrl, emulatorPem) = (emulator.Url, emulator.Pem);

#pragma warning disable xUnit1051 // README's code, which has no test's cancellation token
        // README snippet 4
        // Azure.Identity: the authority host is the emulator's (ClientCertificateCredential and WorkloadIdentityCredential
        // take the same options)
        var credential = new ClientSecretCredential("7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31", "6c0be5e1-4a7d-4f2b-9c1e-8b5d2a7f3e90", "lanyard-kube-server-secret",
            new ClientSecretCredentialOptions
            {
                AuthorityHost = new Uri(emulatorUrl),
                Transport = new HttpClientTransport(EmulatorTrust.Handler(emulatorPem)),
            });
        var accessToken = await credential.GetTokenAsync(new TokenRequestContext(["api://lanyard-demo-api/.default"]), default);
        // README snippet end
#pragma warning restore xUnit1051

        var token = new JsonWebToken(accessToken.Token);

        Assert.Equal(DemoDirectory.KubeServerClientId, token.GetClaim("appid").Value);
        AppOnlyClaims.AssertFor(token, DemoDirectory.KubeServerClientId, [DemoDirectory.DemoApiCallerRole]);
    }

    [Fact]
    public async Task ClientCertificateCredential_GetsAnAppOnlyToken()
    {
        var credential = new ClientCertificateCredential(DemoDirectory.ContosoTenantId, DemoDirectory.KubeServerClientId, emulator.ClientCertificate, Options(new ClientCertificateCredentialOptions()));

        var token = new JsonWebToken((await credential.GetTokenAsync(DemoApi, Cancel)).Token);

        Assert.Equal("2", token.GetClaim("appidacr").Value);
        AppOnlyClaims.AssertFor(token, DemoDirectory.KubeServerClientId, [DemoDirectory.DemoApiCallerRole]);
    }

    [Fact]
    public async Task WorkloadIdentityCredential_ExchangesTheServiceAccountToken()
    {
        using var files = new Lanyard.Testing.TemporaryDirectory();
        using var issued = await emulator.Operator.PostAsync("/federation/kubernetes/token",
            new FormUrlEncodedContent([new("sub", DemoDirectory.KubernetesServiceAccountSubject)]), Cancel);
        issued.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await issued.Content.ReadAsStringAsync(Cancel));
        var tokenFile = files.Write("azure-identity-token", json.RootElement.GetProperty("token").GetString()!);
        var credential = new WorkloadIdentityCredential(Options(new WorkloadIdentityCredentialOptions
        {
            TenantId = DemoDirectory.ContosoTenantId,
            ClientId = DemoDirectory.DevClientId,
            TokenFilePath = tokenFile,
        }));

        var token = new JsonWebToken((await credential.GetTokenAsync(DemoApi, Cancel)).Token);

        Assert.Equal(DemoDirectory.DevClientId, token.GetClaim("appid").Value);
        AppOnlyClaims.AssertFor(token, DemoDirectory.DevClientId, [DemoDirectory.DemoApiCallerRole]);
    }

    [Fact]
    public async Task ManagedIdentityCredential_GetsTheVmsIdentityFromTheEmulatorsImds()
    {
        // Where IMDS is, as Azure.Identity (through MSAL) lets pods and tests say; the rest is as on a VM.
        var previous = Environment.GetEnvironmentVariable("AZURE_POD_IDENTITY_AUTHORITY_HOST");
        Environment.SetEnvironmentVariable("AZURE_POD_IDENTITY_AUTHORITY_HOST", emulator.Root.AbsoluteUri.TrimEnd('/'));
        try
        {
            var credential = new ManagedIdentityCredential(new ManagedIdentityCredentialOptions(ManagedIdentityId.SystemAssigned) { Transport = new HttpClientTransport(emulator.CreateHandler()) });

            var token = new JsonWebToken((await credential.GetTokenAsync(DemoApi, Cancel)).Token);
            var management = new JsonWebToken((await credential.GetTokenAsync(new TokenRequestContext(["https://management.azure.com/.default"]), Cancel)).Token);

            // IMDS takes the scope's resource (without /.default), and the VM's identity is granted the demo API's role.
            Assert.Equal(DemoDirectory.DemoApiIdentifierUri, token.Audiences.Single());
            AppOnlyClaims.AssertFor(token, DemoDirectory.SystemAssignedIdentityClientId, [DemoDirectory.DemoApiCallerRole], DemoDirectory.SystemAssignedIdentityObjectId);
            Assert.Equal("https://management.azure.com", management.Audiences.Single().TrimEnd('/'));
            AppOnlyClaims.AssertFor(management, DemoDirectory.SystemAssignedIdentityClientId, [], DemoDirectory.SystemAssignedIdentityObjectId);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AZURE_POD_IDENTITY_AUTHORITY_HOST", previous);
        }
    }
}
