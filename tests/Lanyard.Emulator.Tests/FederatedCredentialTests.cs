using System.Net;
using System.Text.Json;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class FederatedCredentialTests
{
    private const string KubernetesIssuer = $"{EmulatorHarness.Authority}/federation/kubernetes";

    [Fact]
    public async Task TheHostedIssuer_PublishesDiscoveryAndItsOwnKey()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var discovery = await emulator.GetAsync("/federation/kubernetes/.well-known/openid-configuration");
        var doc = await EmulatorHarness.ReadSuccessAsync(discovery);
        using var keys = await emulator.GetAsync("/federation/kubernetes/keys");
        var jwks = await EmulatorHarness.ReadSuccessAsync(keys);

        Assert.Equal(KubernetesIssuer, doc.GetProperty("issuer").GetString());
        Assert.Equal($"{KubernetesIssuer}/keys", doc.GetProperty("jwks_uri").GetString());
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.DoesNotContain(key.GetProperty("kid").GetString(), emulator.Keys.PublishedKeyIds);
    }

    [Fact]
    public async Task TheHostedIssuer_MintsAProjectedServiceAccountToken()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var token = await MintAsync(emulator, DemoDirectory.KubernetesServiceAccountSubject);

        using var keys = await emulator.GetAsync("/federation/kubernetes/keys");
        var jwk = (await EmulatorHarness.ReadSuccessAsync(keys)).GetProperty("keys")[0];
        Assert.True(token.VerifiesWith(jwk));
        Assert.Equal(KubernetesIssuer, token.Claim("iss"));
        Assert.Equal(DemoDirectory.KubernetesServiceAccountSubject, token.Claim("sub"));
        Assert.Equal(["api://AzureADTokenExchange"], token.ClaimArray("aud"));
        Assert.Equal("lanyard", token.Payload.GetProperty("kubernetes.io").GetProperty("namespace").GetString());
        Assert.Equal(3600, token.Payload.GetProperty("exp").GetInt64() - token.Payload.GetProperty("iat").GetInt64());
        Assert.Equal(1, emulator.Statistics.FederationTokens);
    }

    [Fact]
    public async Task TheDevApp_AcceptsTheProxysServiceAccountToken_InsteadOfItsSecret()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var assertion = await MintAsync(emulator, DemoDirectory.KubernetesServiceAccountSubject);

        var (status, body) = await RedeemWithAsync(emulator, assertion.Raw);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2", Jwt.Parse(body.GetProperty("access_token").GetString()!).Claim("appidacr"));
    }

    [Fact]
    public async Task AnotherServiceAccount_MatchesNoCredential_70021()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var assertion = await MintAsync(emulator, "system:serviceaccount:default:intruder");

        var (status, body) = await RedeemWithAsync(emulator, assertion.Raw);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        EntraErrorShape.AssertJson(body, "invalid_client", 70021);
        Assert.Contains(
            "No matching federated identity record found for presented assertion. Assertion Issuer: 'http://localhost/federation/kubernetes'. " +
            "Assertion Subject: 'system:serviceaccount:default:intruder'.",
            body.GetProperty("error_description").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameSubjectFromAnotherHostedIssuer_MatchesNoCredential()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var assertion = await MintAsync(emulator, DemoDirectory.KubernetesServiceAccountSubject, issuer: "other-cluster");

        var (_, body) = await RedeemWithAsync(emulator, assertion.Raw);

        EntraErrorShape.AssertJson(body, "invalid_client", 70021);
    }

    [Fact]
    public async Task AnotherAudience_Is700212()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var assertion = await MintAsync(emulator, DemoDirectory.KubernetesServiceAccountSubject, audience: "https://kubernetes.default.svc");

        var (_, body) = await RedeemWithAsync(emulator, assertion.Raw);

        EntraErrorShape.AssertJson(body, "invalid_client", 700212);
    }

    [Fact]
    public async Task AnExpiredServiceAccountToken_Is700024()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var assertion = await MintAsync(emulator, DemoDirectory.KubernetesServiceAccountSubject, lifetime: 60);

        emulator.Time.Advance(TimeSpan.FromMinutes(7));
        var (_, body) = await RedeemWithAsync(emulator, assertion.Raw);

        EntraErrorShape.AssertJson(body, "invalid_client", 700024);
    }

    [Fact]
    public async Task ATamperedServiceAccountToken_Is700027()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var assertion = (await MintAsync(emulator, DemoDirectory.KubernetesServiceAccountSubject)).Raw;
        var tampered = assertion[..^2] + (assertion[^2] == 'A' ? "B" : "A") + assertion[^1];

        var (_, body) = await RedeemWithAsync(emulator, tampered);

        EntraErrorShape.AssertJson(body, "invalid_client", 700027);
    }

    [Theory]
    [InlineData("", "sub")]
    [InlineData("sub=x&lifetime=0", "lifetime")]
    public async Task TheHostedIssuersTokenEndpoint_ChecksItsForm(string form, string named)
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.Client.PostAsync(
            "/federation/kubernetes/token", new StringContent(form, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, (await EmulatorHarness.ReadJsonAsync(response)).GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(DemoDirectory.UserAssignedIdentityClientId)]
    public async Task AManagedIdentityToken_IsAcceptedAsTheDevAppsCredential(string clientId)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.ManagedIdentityTokenAsync(query: clientId.Length > 0 ? $"&client_id={clientId}" : null);

        var (status, _) = await RedeemWithAsync(emulator, token.GetProperty("access_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task AManagedIdentityTokenForAnotherResource_Is700212()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var token = await emulator.ManagedIdentityTokenAsync("https://vault.azure.net");

        var (_, body) = await RedeemWithAsync(emulator, token.GetProperty("access_token").GetString()!);

        EntraErrorShape.AssertJson(body, "invalid_client", 700212);
    }

    [Fact]
    public async Task AnEntraTokenThatIsNotAManagedIdentitys_Is700229()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var app = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = DemoDirectory.ContosoTenantId,
            RedirectUris = ["https://mi-app.test/cb"],
            ClientSecrets = ["s"],
        });
        var flow = new CodeFlow { ClientId = app.ClientId, ClientSecret = "s", RedirectUri = "https://mi-app.test/cb" };
        var idToken = (await emulator.SignInAndRedeemAsync(flow, DemoDirectory.AliceUserPrincipalName)).GetProperty("id_token").GetString()!;
        emulator.Directory.AddFederatedIdentityCredential(app.ClientId, new EmulatorFederatedIdentityCredential
        {
            Name = "entra-user",
            Issuer = $"{{authority}}/{DemoDirectory.ContosoTenantId}/v2.0",
            Subject = Jwt.Parse(idToken).Claim("sub"),
            Audiences = [app.ClientId],
        });

        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        using var response = await emulator.RedeemAsync(flow, code, f => EmulatorHarness.UseAssertion(f, idToken));

        EntraErrorShape.AssertJson(await EmulatorHarness.ReadJsonAsync(response), "invalid_client", 700229);
    }

    [Fact]
    public async Task MoreThanTwentyCredentials_AreRefused()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var flow = RegisterFederatedApp(emulator, "https://issuer.test", "s0");
        for (var i = 1; i < 20; i++)
        {
            emulator.Directory.AddFederatedIdentityCredential(flow.ClientId, Credential("https://issuer.test", $"s{i}"));
        }

        var error = Assert.Throws<ArgumentException>(() =>
            emulator.Directory.AddFederatedIdentityCredential(flow.ClientId, Credential("https://issuer.test", "s20")));

        Assert.Contains("at most 20", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Jwt> MintAsync(
        EmulatorHarness emulator, string subject, string issuer = "kubernetes", string? audience = null, int? lifetime = null)
    {
        var form = new Dictionary<string, string> { ["sub"] = subject };
        if (audience is not null)
        {
            form["aud"] = audience;
        }

        if (lifetime is not null)
        {
            form["lifetime"] = lifetime.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var response = await emulator.PostFormAsync($"/federation/{issuer}/token", form);
        var token = (await EmulatorHarness.ReadSuccessAsync(response)).GetProperty("token").GetString()!;
        return Jwt.Parse(token);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> RedeemWithAsync(EmulatorHarness emulator, string assertion)
    {
        var flow = new CodeFlow();
        var code = await emulator.SignInAsync(flow, DemoDirectory.AliceUserPrincipalName);
        using var response = await emulator.RedeemAsync(flow, code, f => EmulatorHarness.UseAssertion(f, assertion));
        return (response.StatusCode, await EmulatorHarness.ReadJsonAsync(response));
    }

    internal static CodeFlow RegisterFederatedApp(EmulatorHarness emulator, string issuer, string subject)
    {
        var app = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = DemoDirectory.ContosoTenantId,
            RedirectUris = ["https://workload.test/cb"],
            FederatedIdentityCredentials = [Credential(issuer, subject)],
        });
        return new CodeFlow { ClientId = app.ClientId, ClientSecret = "unused", RedirectUri = "https://workload.test/cb" };
    }

    private static EmulatorFederatedIdentityCredential Credential(string issuer, string subject) =>
        new() { Name = $"cred-{subject}", Issuer = issuer, Subject = subject };

}
