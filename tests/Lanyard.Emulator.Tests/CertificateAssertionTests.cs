using System.Net;
using System.Security.Cryptography;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class CertificateAssertionTests
{
    private const string RedirectUri = "https://cert-app.test/cb";

    // The default flow names the tenant by domain; Entra's clients put the endpoint they call in aud.
    private static readonly string TokenEndpoint = $"{EmulatorHarness.Authority}/{DemoDirectory.ContosoDomain}/oauth2/v2.0/token";

    [Theory]
    [InlineData("PS256")]
    [InlineData("RS256")]
    public async Task ASignedAssertion_RedeemsTheCode_InsteadOfASecret(string algorithm)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f =>
            EmulatorHarness.UseAssertion(f, certificate.Assertion(flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow(), algorithm)));

        var tokens = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal("2", Jwt.Parse(tokens.GetProperty("access_token").GetString()!).Claim("appidacr"));
        Assert.Equal(1, emulator.Statistics.ClientAssertionsAccepted);
    }

    [Fact]
    public async Task TheRefreshGrant_AcceptsAnAssertionToo()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        using var redeemed = await emulator.RedeemAsync(flow, code, f =>
            EmulatorHarness.UseAssertion(f, certificate.Assertion(flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow())));
        var refreshToken = (await EmulatorHarness.ReadSuccessAsync(redeemed)).GetProperty("refresh_token").GetString()!;

        using var refreshed = await emulator.RefreshAsync(flow, refreshToken, f =>
            EmulatorHarness.UseAssertion(f, certificate.Assertion(flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow())));

        await EmulatorHarness.ReadSuccessAsync(refreshed);
    }

    [Theory]
    [InlineData(DemoDirectory.ContosoTenantId)]
    [InlineData(DemoDirectory.ContosoDomain)]
    public async Task TheAudience_MayNameTheTenantByGuidOrByTheSegmentUsed(string segment)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f => EmulatorHarness.UseAssertion(
            f, certificate.Assertion(flow.ClientId, $"{EmulatorHarness.Authority}/{segment}/oauth2/v2.0/token", emulator.Time.GetUtcNow())));

        await EmulatorHarness.ReadSuccessAsync(response);
    }

    [Fact]
    public async Task AnotherTenantsTokenEndpointAsAudience_IsRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);

        var body = await RedeemWithAsync(emulator, flow, certificate.Assertion(
            flow.ClientId, $"{EmulatorHarness.Authority}/{DemoDirectory.FabrikamTenantId}/oauth2/v2.0/token", emulator.Time.GetUtcNow()));

        EntraErrorShape.AssertJson(body, "invalid_client", 50027);
    }

    [Fact]
    public async Task AnUnregisteredCertificate_Is700027()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var registered = ClientCertificate.Create(emulator.Time.GetUtcNow());
        using var other = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, registered);

        var body = await RedeemWithAsync(emulator, flow, other.Assertion(flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow()));

        EntraErrorShape.AssertJson(body, "invalid_client", 700027);
        Assert.Contains("The key was not found", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignatureByAnotherKey_Is700027()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        using var otherKey = RSA.Create(2048);
        var flow = RegisterApp(emulator, certificate);

        var body = await RedeemWithAsync(emulator, flow, certificate.Assertion(flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow(), signWith: otherKey));

        EntraErrorShape.AssertJson(body, "invalid_client", 700027);
        Assert.Contains("did not match", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExpiredCertificate_Is700027()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow().AddDays(-30), TimeSpan.FromDays(10));
        var flow = RegisterApp(emulator, certificate);

        var body = await RedeemWithAsync(emulator, flow, certificate.Assertion(flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow()));

        EntraErrorShape.AssertJson(body, "invalid_client", 700027);
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("iss")]
    public async Task IssuerAndSubjectMustBothBeTheClientId(string claim)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);

        var body = await RedeemWithAsync(emulator, flow, certificate.Assertion(
            flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow(), changeClaims: c => c[claim] = Guid.NewGuid().ToString()));

        EntraErrorShape.AssertJson(body, "invalid_client", 50048);
    }

    [Theory]
    [InlineData(-16, -6)]
    [InlineData(6, 16)]
    public async Task AnAssertionOutsideItsTimesPlusFiveMinutes_Is700024(int nbfMinutes, int expMinutes)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);
        var now = emulator.Time.GetUtcNow();

        var body = await RedeemWithAsync(emulator, flow, certificate.Assertion(flow.ClientId, TokenEndpoint, now, changeClaims: c =>
        {
            c["nbf"] = now.AddMinutes(nbfMinutes).ToUnixTimeSeconds();
            c["exp"] = now.AddMinutes(expMinutes).ToUnixTimeSeconds();
        }));

        EntraErrorShape.AssertJson(body, "invalid_client", 700024);
        Assert.Contains(
            "Client assertion is not within its valid time range. Current time: 2026-01-15T09:30:00.0000000Z, assertion valid from",
            body.GetProperty("error_description").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAssertionExpiredLessThanFiveMinutesAgo_IsStillAccepted()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        var now = emulator.Time.GetUtcNow();

        using var response = await emulator.RedeemAsync(flow, code, f => EmulatorHarness.UseAssertion(f, certificate.Assertion(
            flow.ClientId, TokenEndpoint, now, changeClaims: c => c["exp"] = now.AddMinutes(-4).ToUnixTimeSeconds())));

        await EmulatorHarness.ReadSuccessAsync(response);
    }

    [Fact]
    public async Task TimesWrittenAsStrings_AreAccepted_AsMsalNetWritesThem()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        var now = emulator.Time.GetUtcNow();

        using var response = await emulator.RedeemAsync(flow, code, f => EmulatorHarness.UseAssertion(f, certificate.Assertion(flow.ClientId, TokenEndpoint, now, changeClaims: c =>
        {
            c["nbf"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            c["exp"] = now.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        })));

        await EmulatorHarness.ReadSuccessAsync(response);
    }

    [Fact]
    public async Task AnUnsupportedAlgorithm_IsRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);

        var body = await RedeemWithAsync(emulator, flow, certificate.Assertion(
            flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow(), changeHeader: h => h["alg"] = "RS384"));

        EntraErrorShape.AssertJson(body, "invalid_client", 5002738);
    }

    [Fact]
    public async Task AnAssertionAndASecretTogether_AreRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f =>
        {
            var secret = f["client_secret"];
            EmulatorHarness.UseAssertion(f, certificate.Assertion(flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow()));
            f["client_secret"] = secret;
        });

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_request", 9002313);
    }

    [Fact]
    public async Task AnotherAssertionType_IsRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);

        using var response = await emulator.RedeemAsync(flow, code, f =>
        {
            EmulatorHarness.UseAssertion(f, certificate.Assertion(flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow()));
            f["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:saml2-bearer";
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_request", 900144);
    }

    [Fact]
    public async Task NotAJwt_IsMalformed()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);

        var body = await RedeemWithAsync(emulator, flow, "not-a-jwt");

        EntraErrorShape.AssertJson(body, "invalid_client", 50027);
    }

    [Fact]
    public async Task AFailedAssertion_LeavesTheCodeUnused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var certificate = ClientCertificate.Create(emulator.Time.GetUtcNow());
        var flow = RegisterApp(emulator, certificate);
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        using var refused = await emulator.RedeemAsync(flow, code, f => EmulatorHarness.UseAssertion(f, "not-a-jwt"));

        using var response = await emulator.RedeemAsync(flow, code, f =>
            EmulatorHarness.UseAssertion(f, certificate.Assertion(flow.ClientId, TokenEndpoint, emulator.Time.GetUtcNow())));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await EmulatorHarness.ReadSuccessAsync(response);
    }

    private static CodeFlow RegisterApp(EmulatorHarness emulator, ClientCertificate certificate)
    {
        var app = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = DemoDirectory.ContosoTenantId,
            RedirectUris = [RedirectUri],
        });
        emulator.Directory.AddCertificate(app.ClientId, certificate.Certificate);
        return new CodeFlow { ClientId = app.ClientId, ClientSecret = "unused", RedirectUri = RedirectUri };
    }

    private static async Task<System.Text.Json.JsonElement> RedeemWithAsync(EmulatorHarness emulator, CodeFlow flow, string assertion)
    {
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        using var response = await emulator.RedeemAsync(flow, code, f => EmulatorHarness.UseAssertion(f, assertion));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return await EmulatorHarness.ReadJsonAsync(response);
    }
}
