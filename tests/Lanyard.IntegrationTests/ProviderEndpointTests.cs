using System.Net;
using System.Security.Cryptography;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 10: <c>skip_oidc_discovery</c> with <c>login_url</c>, <c>redeem_url</c> and <c>oidc_jwks_url</c> signs in
/// without one discovery request; <c>oidc_public_key_files</c> adds keys the provider does not publish.
/// </summary>
public sealed class ProviderEndpointTests
{
    private static string Tenant => $"{LanyardTestEnvironment.EmulatorUrl.GetLeftPart(UriPartial.Authority)}/{DemoDirectory.ContosoTenantId}";

    private static string ContosoIssuer => $"{Tenant}/v2.0";

    [Fact]
    public async Task SkipDiscovery_SignsInWithTheConfiguredEndpoints_AndNeverAsksForTheDiscoveryDocument()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["skip_oidc_discovery"] = true;
            s["login_url"] = $"{Tenant}/oauth2/v2.0/authorize";
            s["redeem_url"] = $"{Tenant}/oauth2/v2.0/token";
            s["oidc_jwks_url"] = $"{Tenant}/discovery/v2.0/keys";
        });
        var statistics = env.Emulator.Services.GetRequiredService<EmulatorStatistics>();
        using var alice = env.Browser();

        var authorize = await alice.StartSignInAsync(DemoDirectory.AliceUserPrincipalName);
        var signedIn = await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal($"{Tenant}/oauth2/v2.0/authorize", authorize.GetLeftPart(UriPartial.Path));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.True(statistics.AuthorizationCodeRedemptions >= 1, "the code went to redeem_url");
        Assert.True(statistics.KeySetRequests >= 1, "the ID token was checked against oidc_jwks_url's keys");
        Assert.Equal(0, statistics.DiscoveryRequests);
    }

    [Fact]
    public async Task PublicKeyFile_TrustsTokensSignedByItsKey_AndNoOtherUnpublishedKey()
    {
        using var trusted = RSA.Create(2048);
        using var files = new TemporaryDirectory();
        var pem = files.Write("provider.pub", trusted.ExportSubjectPublicKeyInfoPem());
        await using var env = await LanyardTestEnvironment.StartAsync(
            s =>
            {
                s["skip_jwt_bearer_tokens"] = true;
                s["oidc_extra_audiences"] = new List<string> { $"api://{LanyardTestEnvironment.ClientId}" };
                s["oidc_public_key_files"] = new List<string> { pem };
            },
            registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });
        using var untrusted = RSA.Create(2048);

        Assert.Equal(HttpStatusCode.Accepted, await env.AuthStatusWithBearerAsync(SignedBy(trusted), TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await env.AuthStatusWithBearerAsync(SignedBy(untrusted), TestContext.Current.CancellationToken));
    }

    /// <summary>A v2 access token for the proxy's API, as the provider would issue it, signed with <paramref name="rsa"/>.</summary>
    private static string SignedBy(RSA rsa)
    {
        var key = new RsaSecurityKey(rsa.ExportParameters(true)) { KeyId = "offline-" + Guid.NewGuid().ToString("N") };
        var now = DateTimeOffset.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ContosoIssuer,
            Audience = LanyardTestEnvironment.ClientId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddHours(1).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["tid"] = DemoDirectory.ContosoTenantId, ["ver"] = "2.0", ["scp"] = "access_as_user", ["azp"] = "batch-client",
                ["sub"] = "batch", ["oid"] = Guid.NewGuid().ToString(), ["preferred_username"] = DemoDirectory.AliceUserPrincipalName,
                ["email"] = DemoDirectory.AliceUserPrincipalName,
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

}
