using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Identity.Client;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.MicrosoftClientTests;

/// <summary>MSAL.NET's confidential client against the emulator, with only the authority changed.</summary>
public sealed class MsalConfidentialClientTests(HttpsEmulator emulator) : IClassFixture<HttpsEmulator>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClientCredentials_WithASecret_GetsAnAppOnlyTokenForTheApi()
    {
        var (emulatorUrl, emulatorPem) = (emulator.Url, emulator.Pem);

#pragma warning disable xUnit1051 // README's code, which has no test's cancellation token
        // README snippet 2
        // MSAL.NET, a confidential client: client credentials with a secret (the Kubernetes server app, for the demo API)
        using var trust = new EmulatorTrust(emulatorPem);
        var app = ConfidentialClientApplicationBuilder.Create("6c0be5e1-4a7d-4f2b-9c1e-8b5d2a7f3e90")
            .WithClientSecret("lanyard-kube-server-secret")
            .WithAuthority($"{emulatorUrl}/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/")
            .WithHttpClientFactory(trust)
            .Build();
        var result = await app.AcquireTokenForClient(["api://lanyard-demo-api/.default"]).ExecuteAsync(); // roles: LanyardApi.Caller
        // README snippet end
#pragma warning restore xUnit1051

        var token = new JsonWebToken(result.AccessToken);
        Assert.Equal(DemoDirectory.DemoApiIdentifierUri, token.Audiences.Single());
        Assert.Equal(DemoDirectory.KubeServerClientId, token.GetClaim("appid").Value);
        AppOnlyClaims.AssertFor(token, DemoDirectory.KubeServerClientId, [DemoDirectory.DemoApiCallerRole]);
        Assert.Equal(TokenSource.IdentityProvider, result.AuthenticationResultMetadata.TokenSource);

        // The second call is MSAL's cache, not the emulator.
        var again = await app.AcquireTokenForClient([AppOnlyClaims.DemoApiDefaultScope]).ExecuteAsync(Cancel);
        Assert.Equal(TokenSource.Cache, again.AuthenticationResultMetadata.TokenSource);
    }

    [Fact]
    public async Task ClientCredentials_WithTheEmulatorsInstanceDiscoveryMetadata_GetsAToken()
    {
        // MSAL reads the emulator's own instance-discovery document (README) instead of asking login.microsoftonline.com;
        // MSAL refuses custom instance metadata unless authority validation is off.
        var authorize = Uri.EscapeDataString($"{emulator.Root}{DemoDirectory.ContosoTenantId}/oauth2/v2.0/authorize");
        var app = ConfidentialClientApplicationBuilder.Create(DemoDirectory.KubeServerClientId)
            .WithClientSecret(DemoDirectory.KubeServerClientSecret)
            .WithAuthority(emulator.Authority(DemoDirectory.ContosoTenantId), validateAuthority: false)
            .WithInstanceDiscoveryMetadata(new Uri($"{emulator.Root}common/discovery/instance?api-version=1.1&authorization_endpoint={authorize}"))
            .WithHttpClientFactory(emulator.MsalHttpClients)
            .Build();

        var result = await app.AcquireTokenForClient([$"{DemoDirectory.KubeServerClientId}/.default"]).ExecuteAsync(Cancel);

        Assert.Equal(DemoDirectory.KubeServerClientId, new JsonWebToken(result.AccessToken).Audiences.Single());
        Assert.Equal(TokenSource.IdentityProvider, result.AuthenticationResultMetadata.TokenSource);
    }

    [Fact]
    public async Task ClientCredentials_WithACertificate_GetsAnAppOnlyToken()
    {
        var app = ConfidentialClientApplicationBuilder.Create(DemoDirectory.KubeServerClientId)
            .WithCertificate(emulator.ClientCertificate)
            .WithAuthority(emulator.Authority(DemoDirectory.ContosoTenantId))
            .WithHttpClientFactory(emulator.MsalHttpClients)
            .Build();

        var result = await app.AcquireTokenForClient([AppOnlyClaims.DemoApiDefaultScope]).ExecuteAsync(Cancel);

        var token = new JsonWebToken(result.AccessToken);
        Assert.Equal("2", token.GetClaim("appidacr").Value);
        AppOnlyClaims.AssertFor(token, DemoDirectory.KubeServerClientId, [DemoDirectory.DemoApiCallerRole]);
    }

    [Fact]
    public async Task AuthorizationCode_WithPkce_IsRedeemed_AndTheCacheRefreshesSilently()
    {
        const string redirectUri = "http://127.0.0.1:5080/oauth2/callback";
        var app = ConfidentialClientApplicationBuilder.Create(DemoDirectory.DevClientId)
            .WithClientSecret(DemoDirectory.DevClientSecret)
            .WithAuthority(emulator.Authority(DemoDirectory.ContosoTenantId))
            .WithRedirectUri(redirectUri)
            .WithHttpClientFactory(emulator.MsalHttpClients)
            .Build();
        string[] scopes = [DemoDirectory.DevApiScope];

        // The browser's part: the authorize URL MSAL built, answered by the emulator's sign-in for Alice.
        var url = await app.GetAuthorizationRequestUrl(scopes).WithPkce(out var verifier).WithLoginHint(DemoDirectory.AliceUserPrincipalName).ExecuteAsync(Cancel);
        var code = await SignInAsync(url);
        var redeemed = await app.AcquireTokenByAuthorizationCode(scopes, code).WithPkceCodeVerifier(verifier).ExecuteAsync(Cancel);

        Assert.Equal(DemoDirectory.AliceUserPrincipalName, redeemed.Account.Username);
        Assert.Equal($"{DemoDirectory.AliceObjectId}.{DemoDirectory.ContosoTenantId}", redeemed.Account.HomeAccountId.Identifier);
        Assert.Equal(DemoDirectory.AliceObjectId, redeemed.UniqueId);
        Assert.Equal(DemoDirectory.ContosoTenantId, redeemed.TenantId);
        // What an API reads from the user's access token (v2.0 for the dev app): username, tenant, object id, scopes.
        var access = new JsonWebToken(redeemed.AccessToken);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, access.GetClaim("preferred_username").Value);
        Assert.Equal(DemoDirectory.ContosoTenantId, access.GetClaim("tid").Value);
        Assert.Equal(DemoDirectory.AliceObjectId, access.GetClaim("oid").Value);
        Assert.Equal(DemoDirectory.AccessAsUserScope, access.GetClaim("scp").Value);

        // Silent: from MSAL's cache, then (forced) with the refresh token it kept.
        var account = await app.GetAccountAsync(redeemed.Account.HomeAccountId.Identifier);
        var cached = await app.AcquireTokenSilent(scopes, account).ExecuteAsync(Cancel);
        Assert.Equal(TokenSource.Cache, cached.AuthenticationResultMetadata.TokenSource);
        var refreshes = await EmulatorDeviceCodes.StatAsync(emulator.Operator, "refreshTokenRedemptions", Cancel);
        var refreshed = await app.AcquireTokenSilent(scopes, account).WithForceRefresh(true).ExecuteAsync(Cancel);
        Assert.Equal(TokenSource.IdentityProvider, refreshed.AuthenticationResultMetadata.TokenSource);
        Assert.Equal(refreshes + 1, await EmulatorDeviceCodes.StatAsync(emulator.Operator, "refreshTokenRedemptions", Cancel));
        Assert.NotEqual(redeemed.AccessToken, refreshed.AccessToken);
    }

    /// <summary>Follows an authorize URL as a browser would, with the user named by login_hint; the code it sends back.</summary>
    private async Task<string> SignInAsync(Uri authorize)
    {
        using var browser = new HttpClient(emulator.CreateHandler());
        using var answer = await browser.GetAsync(authorize, Cancel);
        var location = answer.Headers.Location ?? throw new InvalidOperationException($"authorize answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(Cancel)}");
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["code"].ToString();
    }
}
