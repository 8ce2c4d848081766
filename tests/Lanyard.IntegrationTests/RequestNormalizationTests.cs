using System.Net;
using System.Text;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Lanyard.IntegrationTests;

/// <summary>
/// oauth2-proxy's options that reshape a request or the OAuth state before anything reads them:
/// <c>encode_state</c>, <c>allow_query_semicolons</c> and <c>force_https</c>.
/// </summary>
public sealed class RequestNormalizationTests
{
    [Fact]
    public async Task EncodeState_SendsTheStateBase64UrlEncoded_AndTheCallbackStillCompletesTheSignIn()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["encode_state"] = true);
        using var browser = env.Browser();

        var authorize = await browser.StartSignInAsync(DemoDirectory.AliceUserPrincipalName, "/reports");
        var wire = BrowserClient.Query(authorize)["state"];
        var decoded = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(wire));
        var callback = await browser.AuthorizeAtProviderAsync(authorize);
        var landing = await browser.GetAsync(callback);

        // What goes on the wire is the encoding of a state, not the state itself.
        Assert.NotEqual(wire, decoded);
        Assert.True(System.Buffers.Text.Base64Url.IsValid(decoded), decoded);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal(new Uri(LanyardTestEnvironment.ProxyUrl, "/reports"), landing.Url);
    }

    [Fact]
    public async Task EncodeState_RefusesACallbackWhoseStateIsNotEncoded()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["encode_state"] = true);
        using var browser = env.Browser();

        var authorize = await browser.StartSignInAsync(DemoDirectory.AliceUserPrincipalName);
        var callback = await browser.AuthorizeAtProviderAsync(authorize);
        var query = BrowserClient.Query(callback);
        var decoded = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(query["state"]));
        var raw = await browser.GetAsync($"/oauth2/callback?code={Uri.EscapeDataString(query["code"])}&state={Uri.EscapeDataString(decoded)}", followRedirects: false);

        Assert.Equal(HttpStatusCode.Forbidden, raw.StatusCode);
        Assert.Null(browser.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task AllowQuerySemicolons_SplitsTheQueryOnSemicolons_ForLanyardAndTheUpstream()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["allow_query_semicolons"] = true;
            s.Remove("skip_provider_button");
        });
        using var browser = env.Browser();

        var page = await browser.GetAsync("/oauth2/sign_in?x=1;rd=%2Freports", followRedirects: false);
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var echo = EchoedRequest.Parse((await browser.GetAsync("/search?a=1;b=2", configure: SignInTests.AcceptJson)).Body);

        Assert.Equal("/reports", HtmlForm.Parse(page.Body).Hidden.Single(h => h.Key == "rd").Value);
        Assert.Equal("?a=1&b=2", echo.Query);
    }

    [Fact]
    public async Task WithoutAllowQuerySemicolons_TheUpstreamGetsTheQueryUnchanged()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var echo = EchoedRequest.Parse((await browser.GetAsync("/search?a=1;b=2", configure: SignInTests.AcceptJson)).Body);

        Assert.Equal("?a=1;b=2", echo.Query);
    }

    [Fact]
    public async Task ForceHttps_RedirectsPlainHttp_ProbesIncluded_ToHttpsAddressPort_WithPathAndQuery()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["force_https"] = true;
            s["https_address"] = ":8443";
        });
        var plain = new Uri("http://proxy.test:8080/");
        env.Network.Register(plain, env.Proxy.GetTestServer());
        using var browser = env.Browser();

        var page = await browser.GetAsync(new Uri(plain, "/reports?x=1"), followRedirects: false);
        var ping = await browser.GetAsync(new Uri(plain, "/ping"), followRedirects: false);
        var overHttps = await browser.GetAsync("/ping", followRedirects: false);

        Assert.Equal(HttpStatusCode.PermanentRedirect, page.StatusCode);
        Assert.Equal(new Uri("https://proxy.test:8443/reports?x=1"), page.Location);
        Assert.Equal(HttpStatusCode.PermanentRedirect, ping.StatusCode);
        Assert.Equal(new Uri("https://proxy.test:8443/ping"), ping.Location);
        Assert.Equal(HttpStatusCode.OK, overHttps.StatusCode);
    }
}
