using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary><c>rd=</c> through the whole flow: after sign-in and after sign-out an attack payload lands on <c>/</c>.</summary>
public sealed class OpenRedirectTests(OpenRedirectTests.Environment environment) : IClassFixture<OpenRedirectTests.Environment>
{
    public static TheoryData<string> Payloads => [.. PayloadTables.Read("open-redirects.txt")];

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task AfterSignIn_AnOpenRedirectPayloadLandsOnTheHomePage(string payload)
    {
        using var browser = environment.Env.Browser();
        var callback = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(DemoDirectory.AliceUserPrincipalName, payload));

        var result = await browser.GetAsync(callback, followRedirects: false);

        Assert.Equal(HttpStatusCode.Found, result.StatusCode);
        Assert.Equal("/", result.Message.Headers.Location?.OriginalString);
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task AfterSignOut_AnOpenRedirectPayloadLandsOnTheHomePage(string payload)
    {
        using var browser = environment.Env.Browser();

        var result = await browser.GetAsync("/oauth2/sign_out?rd=" + Uri.EscapeDataString(payload), followRedirects: false);

        Assert.Equal("/", result.Message.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task WhitelistedDomain_IsFollowedAfterSignIn()
    {
        using var browser = environment.Env.Browser();
        var callback = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(DemoDirectory.AliceUserPrincipalName, "https://app.example.com/reports"));

        var result = await browser.GetAsync(callback, followRedirects: false);

        Assert.Equal("https://app.example.com/reports", result.Message.Headers.Location?.OriginalString);
    }

    public sealed class Environment : IAsyncLifetime
    {
        public LanyardTestEnvironment Env { get; private set; } = null!;

        public async ValueTask InitializeAsync() =>
            Env = await LanyardTestEnvironment.StartAsync(s => s["whitelist_domains"] = new List<string> { ".example.com" });

        public ValueTask DisposeAsync() => Env.DisposeAsync();
    }
}
