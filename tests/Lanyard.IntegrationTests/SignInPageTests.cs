using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// oauth2-proxy's sign-in page: a browser without a session gets it with 403 on a proxied page and 200 at
/// <c>/oauth2/sign_in</c>; its button starts the sign-in and comes back to where the user was going.
/// <c>skip_provider_button</c> sends the browser straight to sign in instead.
/// </summary>
public sealed class SignInPageTests
{
    [Fact]
    public async Task ProxiedPage_WithoutASession_ShowsTheSignInPage_With403_AndTheButtonComesBack()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s.Remove("skip_provider_button"));
        using var alice = env.Browser();

        var page = await alice.GetAsync("/reports?year=2026", followRedirects: false);
        var form = HtmlForm.Parse(page.Body);
        var landing = await alice.GetAsync($"{form.Action}?rd={Uri.EscapeDataString(Rd(form))}&login_hint={Uri.EscapeDataString(DemoDirectory.AliceUserPrincipalName)}");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal("text/html", page.Message.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Sign in with", page.Body, StringComparison.Ordinal);
        Assert.Equal("DENY", page.Header("X-Frame-Options"));
        Assert.Contains("frame-ancestors 'none'", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("/oauth2/start", form.Action);
        Assert.Equal("/reports?year=2026", Rd(form));
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal(new Uri(LanyardTestEnvironment.ProxyUrl, "/reports?year=2026"), landing.Url);
    }

    [Fact]
    public async Task SignInEndpoint_Answers200_EncodesWhatItEchoes_AndDropsForeignTargets()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s.Remove("skip_provider_button"));
        using var browser = env.Browser();

        var local = await browser.GetAsync("/oauth2/sign_in?rd=" + Uri.EscapeDataString("/a?b=\"><script>x</script>"), followRedirects: false);
        var foreign = await browser.GetAsync("/oauth2/sign_in?rd=" + Uri.EscapeDataString("https://evil.example/"), followRedirects: false);

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.DoesNotContain("<script>", local.Body, StringComparison.Ordinal);
        Assert.Equal("/a?b=\"><script>x</script>", Rd(HtmlForm.Parse(local.Body)));
        Assert.Equal("/", Rd(HtmlForm.Parse(foreign.Body)));
        Assert.Empty(browser.Cookies.GetAllCookies());
    }

    [Fact]
    public async Task ApiCalls_StillGet401_NotThePage()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s.Remove("skip_provider_button"));
        using var browser = env.Browser();

        var api = await browser.GetAsync("/api/items", followRedirects: false, configure: SignInTests.AcceptJson);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.DoesNotContain("Sign in with", api.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkipProviderButton_SendsTheBrowserStraightToSignIn_FromBothPlaces()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["skip_provider_button"] = true);
        using var browser = env.Browser();

        var page = await browser.GetAsync("/reports", followRedirects: false);
        var endpoint = await browser.GetAsync("/oauth2/sign_in?rd=%2Freports", followRedirects: false);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/oauth2/start?rd=%2Freports", page.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, endpoint.StatusCode);
        Assert.Equal("/oauth2/start?rd=%2Freports", endpoint.Location?.PathAndQuery);
    }

    private static string Rd(HtmlForm form) => form.Hidden.Single(field => field.Key == "rd").Value;
}
