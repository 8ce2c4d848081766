using System.Net;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tests.Harness;

namespace Lanyard.Emulator.Tests;

public sealed class RedirectUriMatchingTests
{
    [Theory]
    [InlineData("http://127.0.0.1/oauth2/callback", "http://127.0.0.1:4180/oauth2/callback", true)]
    [InlineData("http://127.0.0.1/oauth2/callback", "http://127.0.0.1/oauth2/callback", true)]
    [InlineData("http://localhost/oauth2/callback", "http://localhost:51234/oauth2/callback", true)]
    [InlineData("http://localhost:8080/oauth2/callback", "http://localhost:9090/oauth2/callback", true)]
    [InlineData("http://127.0.0.1/oauth2/callback", "http://127.0.0.1:4180/oauth2/callback/", false)]
    [InlineData("http://127.0.0.1/oauth2/callback", "http://127.0.0.1:4180/OAuth2/callback", false)]
    [InlineData("http://127.0.0.1/oauth2/callback", "http://127.0.0.1:4180/x/../oauth2/callback", false)]
    [InlineData("http://127.0.0.1/oauth2/callback", "http://localhost:4180/oauth2/callback", false)]
    [InlineData("http://127.0.0.1/oauth2/callback", "https://127.0.0.1:4180/oauth2/callback", false)]
    [InlineData("http://127.0.0.1/oauth2/callback", "http://127.0.0.1:41x0/oauth2/callback", false)]
    [InlineData("http://127.0.0.1/oauth2/callback", "http://127.0.0.1.attacker.test/oauth2/callback", false)]
    [InlineData("http://127.0.0.1/oauth2/callback", "http://127.0.0.1:4180/oauth2/callback#frag", false)]
    [InlineData("https://proxy.test/oauth2/callback", "https://proxy.test/oauth2/callback", true)]
    [InlineData("https://proxy.test/oauth2/callback", "https://proxy.test:8443/oauth2/callback", false)]
    [InlineData("http://proxy.test/oauth2/callback", "http://proxy.test:8080/oauth2/callback", false)]
    [InlineData("https://proxy.test/oauth2/callback", "https://PROXY.test/oauth2/callback", false)]
    public void Matches_IsExactExceptForTheLoopbackPort(string registered, string requested, bool expected) =>
        Assert.Equal(expected, MatchRedirectUri.Matches(registered, requested));

    [Fact]
    public async Task LoopbackRegistrationWithoutPort_AcceptsAnyPortAtAuthorize()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var code = await emulator.SignInAsync(new CodeFlow { RedirectUri = "http://localhost:51234/oauth2/callback" }, DemoDirectory.AliceUserPrincipalName);

        Assert.NotEmpty(code);
    }

    [Fact]
    public async Task NonLoopbackRegistration_RefusesAnotherPortAtAuthorize()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var app = emulator.Directory.AddApplication(new EmulatorApplication
        {
            ClientId = Guid.NewGuid().ToString(),
            HomeTenantId = DemoDirectory.ContosoTenantId,
            RedirectUris = ["https://proxy.test/oauth2/callback"],
            ClientSecrets = ["s"],
        });

        using var response = await emulator.AuthorizeAsync(
            new CodeFlow { ClientId = app.ClientId, RedirectUri = "https://proxy.test:8443/oauth2/callback" }, DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
