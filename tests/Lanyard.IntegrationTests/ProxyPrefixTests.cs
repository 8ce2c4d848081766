using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// <c>proxy_prefix</c> moves every Lanyard endpoint, the callback sent to the provider included, and frees
/// <c>/oauth2</c> for the app behind it.
/// </summary>
public sealed class ProxyPrefixTests
{
    [Fact]
    public async Task UnderAnotherPrefix_SignInCallbackAuthAndUserInfoMove_AndOauth2BelongsToTheApp()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(
            s => s["proxy_prefix"] = "/auth/sso",
            // Only the moved callback is registered: a sign-in that sent /oauth2/callback would be refused.
            registerApplication: app => app with { RedirectUris = [new Uri(LanyardTestEnvironment.ProxyUrl, "/auth/sso/callback").AbsoluteUri] });
        using var browser = env.Browser();

        var challenge = await browser.GetAsync("/reports", followRedirects: false);
        var landing = await browser.GetAsync($"/auth/sso/start?login_hint={Uri.EscapeDataString(DemoDirectory.AliceUserPrincipalName)}&rd=%2Freports");

        Assert.Equal(HttpStatusCode.Found, challenge.StatusCode);
        Assert.Equal("/auth/sso/start", challenge.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal(new Uri(LanyardTestEnvironment.ProxyUrl, "/reports"), landing.Url);
        Assert.Contains(landing.Hops, hop => hop.Url.AbsolutePath == "/auth/sso/callback");

        var auth = await browser.GetAsync("/auth/sso/auth", followRedirects: false);
        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal("alice@contoso.test", auth.Header("X-Auth-Request-Email"));
        var userInfo = await browser.GetAsync("/auth/sso/userinfo", configure: SignInTests.AcceptJson);
        Assert.Contains("alice@contoso.test", userInfo.Body, StringComparison.Ordinal);

        // The old paths are the app's now, behind the session like any other.
        var appsOwn = EchoedRequest.Parse((await browser.GetAsync("/oauth2/userinfo", configure: SignInTests.AcceptJson)).Body);
        Assert.Equal("/oauth2/userinfo", appsOwn.Path);
        Assert.Equal("alice@contoso.test", appsOwn.Header("X-Forwarded-Email"));

        // Under the prefix, an unknown path is Lanyard's 404, never the app's.
        var unknown = await browser.GetAsync("/auth/sso/nothing-here", followRedirects: false, configure: SignInTests.AcceptJson);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("X-Forwarded-Email", unknown.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignInPageAndSignOut_UseThePrefix()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s.Remove("skip_provider_button");
            s["proxy_prefix"] = "/sso";
        });
        using var browser = env.Browser();

        var page = await browser.GetAsync("/sso/sign_in?rd=/x", followRedirects: false);
        var signOut = await browser.GetAsync("/sso/sign_out", followRedirects: false);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/sso/start", HtmlForm.Parse(page.Body).Action);
        Assert.NotEqual(HttpStatusCode.NotFound, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/sso/oauth2/start", followRedirects: false)).StatusCode);
    }
}
