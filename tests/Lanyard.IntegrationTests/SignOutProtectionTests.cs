using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 9, findings 2 and 9: sign-out another site can trigger (logout CSRF) gets a confirmation page, and the
/// session's ID token goes into an <c>rd</c> only when that is the provider's own end-session endpoint.
/// </summary>
public sealed class SignOutProtectionTests
{
    private static readonly Uri EvilPage = new("https://evil.test/page");

    private static async Task<(LanyardTestEnvironment Env, BrowserClient Browser)> SignedInAsync(Action<Dictionary<string, object>>? configure = null)
    {
        var env = await LanyardTestEnvironment.StartAsync(configure);
        var browser = env.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
        return (env, browser);
    }

    private static async Task<HttpStatusCode> AuthAsync(BrowserClient browser) => (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode;

    [Fact]
    public async Task CrossSiteLinkToSignOut_ShowsAConfirmationPage_AndKeepsTheSession()
    {
        var (env, browser) = await SignedInAsync();
        await using var _ = env;

        var page = await browser.FollowLinkFromAsync(EvilPage, "/oauth2/sign_out?rd=%2Fbye", followRedirects: false);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/oauth2/sign_out\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"/bye\"", page.Body, StringComparison.Ordinal);
        Assert.Equal("DENY", page.Header("X-Frame-Options"));
        Assert.Equal(HttpStatusCode.Accepted, await AuthAsync(browser));
    }

    [Fact]
    public async Task CrossSiteImageLoadOfSignOut_IsRefused_AndKeepsTheSession()
    {
        var (env, browser) = await SignedInAsync();
        await using var _ = env;

        var image = await browser.SendAsync(HttpMethod.Get, new Uri(LanyardTestEnvironment.ProxyUrl, "/oauth2/sign_out"), null, false, request =>
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.ParseAdd("image/avif,image/webp,*/*");
            request.Headers.Remove("Sec-Fetch-Site");
            request.Headers.Add("Sec-Fetch-Site", "cross-site");
        });

        Assert.Equal(HttpStatusCode.Forbidden, image.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, await AuthAsync(browser));
    }

    [Fact]
    public async Task CrossSiteFormPost_ShowsTheConfirmationPageToo()
    {
        var (env, browser) = await SignedInAsync();
        await using var _ = env;

        var post = await browser.FollowLinkFromAsync(EvilPage, "/oauth2/sign_out", followRedirects: false, HttpMethod.Post, new FormUrlEncodedContent([new("rd", "/")]));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, await AuthAsync(browser));
    }

    [Fact]
    public async Task ConfirmingOnThePage_SignsOut()
    {
        var (env, browser) = await SignedInAsync();
        await using var _ = env;
        await browser.FollowLinkFromAsync(EvilPage, "/oauth2/sign_out?rd=%2Fbye", followRedirects: false);

        // The page's form posts from this site.
        var confirmed = await browser.FollowLinkFromAsync(new Uri(LanyardTestEnvironment.ProxyUrl, "/oauth2/sign_out"), "/oauth2/sign_out",
            followRedirects: false, HttpMethod.Post, new FormUrlEncodedContent([new("rd", "/bye")]));

        Assert.Equal(HttpStatusCode.Found, confirmed.StatusCode);
        Assert.Equal("/bye", confirmed.Message.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(browser));
    }

    [Fact]
    public async Task SignOutLinkOnThisSite_SignsOutAtOnce()
    {
        var (env, browser) = await SignedInAsync();
        await using var _ = env;

        var signOut = await browser.FollowLinkFromAsync(new Uri(LanyardTestEnvironment.ProxyUrl, "/app/page"), "/oauth2/sign_out", followRedirects: false);

        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(browser));
    }

    [Fact]
    public async Task SignOutLinkOnAWhitelistedSiblingSite_SignsOutAtOnce()
    {
        var (env, browser) = await SignedInAsync(s => s["whitelist_domains"] = new List<string> { ".apps.test" });
        await using var _ = env;

        var signOut = await browser.FollowLinkFromAsync(new Uri("https://dashboard.apps.test/"), "/oauth2/sign_out", followRedirects: false);

        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(browser));
    }

    [Theory]
    [InlineData("/landing?token={id_token}")]
    [InlineData("https://proxy.test/landing#{id_token}")]
    [InlineData("https://collector.apps.test/logout?id_token_hint={id_token}")]
    public async Task IdTokenPlaceholder_AnywhereButTheEndSessionEndpoint_IsRemoved(string rd)
    {
        var (env, browser) = await SignedInAsync(s => s["whitelist_domains"] = new List<string> { ".apps.test", "login.emulator.test" });
        await using var _ = env;

        var signOut = await browser.GetAsync("/oauth2/sign_out?rd=" + Uri.EscapeDataString(rd), followRedirects: false);

        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        var location = signOut.Message.Headers.Location!.OriginalString;
        Assert.DoesNotContain("eyJ", location, StringComparison.Ordinal);
        Assert.DoesNotContain("{id_token}", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdTokenPlaceholder_OnTheEndSessionEndpointOfAnotherTenantPath_IsRemoved()
    {
        var (env, browser) = await SignedInAsync(s => s["whitelist_domains"] = new List<string> { "login.emulator.test" });
        await using var _ = env;
        var lookalike = $"https://login.emulator.test/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/logout/../../../collect?id_token_hint={{id_token}}";

        var signOut = await browser.GetAsync("/oauth2/sign_out?rd=" + Uri.EscapeDataString(lookalike), followRedirects: false);

        Assert.DoesNotContain("eyJ", signOut.Message.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }
}
