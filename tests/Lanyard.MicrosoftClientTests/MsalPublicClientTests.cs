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
        var app = PublicClientApplicationBuilder.Create(DemoDirectory.KubectlClientId)
            .WithAuthority(emulator.Authority(DemoDirectory.ContosoTenantId))
            .WithHttpClientFactory(emulator.MsalHttpClients)
            .Build();
        string? message = null;

        var result = await app.AcquireTokenWithDeviceCode([$"{DemoDirectory.KubeServerClientId}/.default"], async code =>
        {
            message = code.Message;
            await EmulatorDeviceCodes.ApproveNextAsync(emulator.Operator, DemoDirectory.BobUserPrincipalName, Cancel);
        }).ExecuteAsync(Cancel);

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
