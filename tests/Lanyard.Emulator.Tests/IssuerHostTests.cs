using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

/// <summary><c>--issuer-host</c> (issue 13): tokens and discovery name a real Entra host instead of the request's.</summary>
public sealed class IssuerHostTests
{
    private static readonly EntraEmulatorOptions Options = new() { IssuerHost = "login.microsoftonline.com" };

    [Fact]
    public async Task Discovery_NamesTheIssuerHost_WithTheRequestsScheme()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: Options);

        using var response = await emulator.GetAsync($"/{DemoDirectory.ContosoTenantId}/v2.0/.well-known/openid-configuration");

        var doc = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal($"http://login.microsoftonline.com/{DemoDirectory.ContosoTenantId}/v2.0", doc.GetProperty("issuer").GetString());
        Assert.Equal($"http://login.microsoftonline.com/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/token", doc.GetProperty("token_endpoint").GetString());
        Assert.Equal($"http://login.microsoftonline.com/{DemoDirectory.ContosoTenantId}/discovery/v2.0/keys", doc.GetProperty("jwks_uri").GetString());
    }

    [Fact]
    public async Task IdToken_IsIssuedByTheIssuerHost()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: Options);

        var tokens = await emulator.SignInAndRedeemAsync(new CodeFlow(), DemoDirectory.AliceUserPrincipalName);

        var idToken = Jwt.Parse(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal($"http://login.microsoftonline.com/{DemoDirectory.ContosoTenantId}/v2.0", idToken.Claim("iss"));
    }

    [Fact]
    public async Task V1AccessToken_NamesStsWindowsNet_AsEntrasDo()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: Options);

        var graphToken = Jwt.Parse(await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName));

        // entra-protocol.md §4.3: v1 tokens are issued by the cloud's STS host, not by the login host.
        Assert.Equal($"https://sts.windows.net/{DemoDirectory.ContosoTenantId}/", graphToken.Claim("iss"));
    }

    [Fact]
    public async Task WithoutIssuerHost_TheRequestsHostIsTheIssuer()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var graphToken = Jwt.Parse(await emulator.GraphTokenAsync(DemoDirectory.AliceUserPrincipalName));

        Assert.Equal($"{EmulatorHarness.Authority}/{DemoDirectory.ContosoTenantId}/", graphToken.Claim("iss"));
    }

    [Fact]
    public async Task IssuerHostWithAPort_KeepsThePort()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { IssuerHost = "login.emulator.test:8443" });

        using var response = await emulator.GetAsync("/common/v2.0/.well-known/openid-configuration");

        var doc = await EmulatorHarness.ReadSuccessAsync(response);
        Assert.Equal("http://login.emulator.test:8443/common/oauth2/v2.0/token", doc.GetProperty("token_endpoint").GetString());
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com")]
    [InlineData("login.microsoftonline.com/tenant")]
    [InlineData("user@login.microsoftonline.com")]
    public async Task AnythingButAHost_StopsTheEmulatorFromStarting(string value)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            EmulatorHarness.StartAsync(options: new EntraEmulatorOptions { IssuerHost = value }));

        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssuerHostAndAuthorityTogether_StopTheEmulatorFromStarting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EmulatorHarness.StartAsync(
            options: new EntraEmulatorOptions { IssuerHost = "login.microsoftonline.com", Authority = "https://login.emulator.test" }));

        Assert.Contains("IssuerHost", error.Message, StringComparison.Ordinal);
    }
}
