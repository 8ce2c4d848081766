using System.Net;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary><c>relative_redirect_url</c>: the redirect URI goes to the provider as the path configured, no host taken from the request.</summary>
public sealed class RelativeRedirectUrlTests
{
    [Theory]
    [InlineData(null, "/oauth2/callback")]
    [InlineData("/sso/callback", "/sso/callback")]
    [InlineData("https://app.contoso.test/oauth2/callback", "https://app.contoso.test/oauth2/callback")]
    public async Task TheRedirectUri_IsSentAsConfigured(string? redirectUrl, string sent)
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["relative_redirect_url"] = true;
            if (redirectUrl is not null)
            {
                s["redirect_url"] = redirectUrl;
            }
        });
        using var browser = env.Browser();

        var start = await browser.GetAsync("/oauth2/start?rd=%2F", followRedirects: false);

        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        Assert.Equal(sent, BrowserClient.Query(start.Location!)["redirect_uri"]);
    }

    [Fact]
    public async Task Without_TheRedirectUriIsAbsolute_FromTheRequestsHost()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        var start = await browser.GetAsync("/oauth2/start?rd=%2F", followRedirects: false);

        Assert.Equal(new Uri(LanyardTestEnvironment.ProxyUrl, "/oauth2/callback").AbsoluteUri, BrowserClient.Query(start.Location!)["redirect_uri"]);
    }
}
