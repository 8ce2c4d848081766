using System.Net;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class PersonalAccountTests
{
    private const string Personal = DemoDirectory.PersonalAccountsTenantId;

    [Fact]
    public async Task Consumers_Discovery_HasThePersonalTenantsIssuer_AndKeepsTheSegmentInEndpoints()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.GetAsync("/consumers/v2.0/.well-known/openid-configuration");

        var doc = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal($"{EmulatorHarness.Authority}/{Personal}/v2.0", doc.GetProperty("issuer").GetString());
        Assert.Equal($"{EmulatorHarness.Authority}/consumers/oauth2/v2.0/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{EmulatorHarness.Authority}/consumers/discovery/v2.0/keys", doc.GetProperty("jwks_uri").GetString());
    }

    [Theory]
    [InlineData("consumers")]
    [InlineData("common")]
    public async Task Dave_SignsIn_WithThePersonalAccountsTenant(string tenant)
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Tenant = tenant }, DemoDirectory.DaveUserPrincipalName);

        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(Personal, idToken.Claim("tid"));
        Assert.Equal($"{EmulatorHarness.Authority}/{Personal}/v2.0", idToken.Claim("iss"));
        Assert.Equal(DemoDirectory.DaveObjectId, idToken.Claim("oid"));
        Assert.False(idToken.Has("groups"));
        Assert.False(idToken.Has("roles"));
    }

    [Fact]
    public async Task Organizations_RefusesAPersonalAccount_OnAnErrorPage()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.AuthorizeAsync(new CodeFlow { Tenant = "organizations" }, DemoDirectory.DaveUserPrincipalName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("AADSTS50020", await EmulatorHarness.ReadTextAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Organizations_StillAdmitsWorkAccountsOfEveryTenant()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow { Tenant = "organizations" }, DemoDirectory.CarolUserPrincipalName);

        Assert.Equal(DemoDirectory.FabrikamTenantId, Jwt.Parse(tokens.GetProperty("id_token").GetString()!).Claim("tid"));
    }

    [Fact]
    public async Task Consumers_RefusesAWorkAccount()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.AuthorizeAsync(new CodeFlow { Tenant = "consumers" }, DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("AADSTS50020", await EmulatorHarness.ReadTextAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("consumers", false, true)]
    [InlineData("organizations", true, false)]
    [InlineData("common", true, true)]
    public async Task ThePickerListsWhoMaySignInThroughEachAlias(string tenant, bool work, bool personal)
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await emulator.AuthorizeAsync(new CodeFlow { Tenant = tenant }, loginHint: null);

        var html = await EmulatorHarness.ReadTextAsync(response);
        Assert.Equal(work, html.Contains(DemoDirectory.AliceUserPrincipalName, StringComparison.Ordinal));
        Assert.Equal(personal, html.Contains(DemoDirectory.DaveUserPrincipalName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAppForWorkAccountsOnly_RefusesAPersonalAccountThroughCommon()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var app = RegisterWorkOnlyApp(emulator);

        using var response = await emulator.AuthorizeAsync(
            new CodeFlow { Tenant = "common", ClientId = app.ClientId, RedirectUri = "https://work.test/cb" }, DemoDirectory.DaveUserPrincipalName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("AADSTS50020", await EmulatorHarness.ReadTextAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppForWorkAccountsOnly_DoesNotExistUnderConsumers()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var app = RegisterWorkOnlyApp(emulator);

        using var response = await emulator.AuthorizeAsync(
            new CodeFlow { Tenant = "consumers", ClientId = app.ClientId, RedirectUri = "https://work.test/cb" }, DemoDirectory.DaveUserPrincipalName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("AADSTS700016", await EmulatorHarness.ReadTextAsync(response), StringComparison.Ordinal);
    }

    private static EmulatorApplication RegisterWorkOnlyApp(EmulatorHarness emulator) =>
        emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = DemoDirectory.ContosoTenantId,
            SignInAudience = EmulatorSignInAudience.AzureADMultipleOrgs,
            RedirectUris = ["https://work.test/cb"],
            ClientSecrets = ["work-secret"],
        });
}
