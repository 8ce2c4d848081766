using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Identity.Client;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.MicrosoftClientTests;

/// <summary>MSAL.NET's public client (kubectl's kind of app) against the emulator: device code.</summary>
public sealed class MsalPublicClientTests(HttpsEmulator emulator) : IClassFixture<HttpsEmulator>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeviceCode_ApprovedByTheUser_GivesTheirTokenAndAnAccount()
    {
        var (emulatorUrl, emulatorPem) = (emulator.Url, emulator.Pem);
        string? message = null;

        // What the app shows the user; the user (here, the test) reads it and approves the code as Bob.
        async Task ShowToUserAsync(string text)
        {
            message = text;
            await EmulatorDeviceCodes.ApproveNextAsync(emulator.Operator, DemoDirectory.BobUserPrincipalName, Cancel);
        }

#pragma warning disable xUnit1051 // README's code, which has no test's cancellation token
        // README snippet 3
        // MSAL.NET, a public client: device code (kubectl's app, for the Kubernetes server app); the user opens
        // {emulatorUrl}/devicelogin, enters the code and picks an account
        using var trust = new EmulatorTrust(emulatorPem);
        var pca = PublicClientApplicationBuilder.Create("c7b1e2d3-5f6a-4b8c-9d0e-1f2a3b4c5d6e")
            .WithAuthority($"{emulatorUrl}/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/")
            .WithHttpClientFactory(trust)
            .Build();
        var result = await pca.AcquireTokenWithDeviceCode(["6c0be5e1-4a7d-4f2b-9c1e-8b5d2a7f3e90/.default"], code => ShowToUserAsync(code.Message)).ExecuteAsync();
        // README snippet end
#pragma warning restore xUnit1051

        Assert.Contains("/devicelogin", message, StringComparison.Ordinal);
        var token = new JsonWebToken(result.AccessToken);
        Assert.Equal(DemoDirectory.KubeServerClientId, token.Audiences.Single());
        Assert.Equal(DemoDirectory.BobObjectId, token.GetClaim("oid").Value);
        Assert.Equal(DemoDirectory.BobUserPrincipalName, token.GetClaim("upn").Value);
        Assert.Equal(DemoDirectory.ContosoTenantId, token.GetClaim("tid").Value);
        Assert.Equal("user_impersonation", token.GetClaim("scp").Value);
        Assert.Equal(DemoDirectory.BobUserPrincipalName, result.Account.Username);
        Assert.Equal(DemoDirectory.ContosoTenantId, result.TenantId);
    }
}
