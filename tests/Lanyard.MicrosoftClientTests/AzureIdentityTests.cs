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
        var credential = new ClientSecretCredential(DemoDirectory.ContosoTenantId, DemoDirectory.KubeServerClientId, DemoDirectory.KubeServerClientSecret, Options(new ClientSecretCredentialOptions()));

        var token = new JsonWebToken((await credential.GetTokenAsync(DemoApi, Cancel)).Token);

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
