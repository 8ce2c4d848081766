using System.Net;
using Lanyard.Configuration;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// oauth2-proxy's page options on the sign-in page: <c>banner</c> (or the default message naming the email domains),
/// <c>footer</c> (<c>-</c> hides it), <c>custom_sign_in_logo</c> (a file embedded as a data: URI, or an https URL,
/// allowed by the page's Content-Security-Policy), each set as an operator would.
/// </summary>
public sealed class PageOptionsTests
{
    private static Task<LanyardTestEnvironment> StartAsync(Action<Dictionary<string, object>> configure) =>
        LanyardTestEnvironment.StartAsync(s =>
        {
            s.Remove("skip_provider_button");
            configure(s);
        });

    [Fact]
    public async Task Banner_AndFooter_AreShown_AsTheOperatorsHtml()
    {
        await using var env = await StartAsync(s =>
        {
            s["banner"] = "Contoso staff only. <a href=\"https://help.contoso.test/\">Help</a>";
            s["footer"] = "<b>Contoso IT</b>";
        });
        using var browser = env.Browser();

        var page = await browser.GetAsync("/oauth2/sign_in?rd=%2Freports", followRedirects: false);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<p>Contoso staff only. <a href=\"https://help.contoso.test/\">Help</a></p>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<footer><small><b>Contoso IT</b></small></footer>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Secured with Lanyard", page.Body, StringComparison.Ordinal);
        Assert.Equal("/reports", HtmlForm.Parse(page.Body).Hidden.Single(f => f.Key == "rd").Value);
    }

    [Fact]
    public async Task Unset_TheBannerNamesTheEmailDomains_AndTheDefaultFooterShows()
    {
        await using var env = await StartAsync(s => s["email_domains"] = new List<string> { "contoso.test", "fabrikam.test" });
        using var browser = env.Browser();

        var page = await browser.GetAsync("/oauth2/sign_in", followRedirects: false);

        Assert.Contains("<p>Authenticate using one of the following domains: contoso.test, fabrikam.test</p>", page.Body, StringComparison.Ordinal);
        Assert.Contains("Secured with Lanyard", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashes_HideTheBanner_TheFooter_AndTheLogo()
    {
        await using var env = await StartAsync(s =>
        {
            s["email_domains"] = new List<string> { "contoso.test" };
            s["banner"] = "-";
            s["footer"] = "-";
            s["custom_sign_in_logo"] = "-";
        });
        using var browser = env.Browser();

        var page = await browser.GetAsync("/oauth2/sign_in", followRedirects: false);

        Assert.Contains("Sign in with", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Authenticate using", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<footer>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALogoFile_IsEmbedded_AsADataUri_ThatTheCspAllows()
    {
        using var files = new TemporaryDirectory();
        var png = Path.Combine(files.Path, "logo.png");
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        await File.WriteAllBytesAsync(png, bytes, TestContext.Current.CancellationToken);
        await using var env = await StartAsync(s => s["custom_sign_in_logo"] = png);
        using var browser = env.Browser();

        var page = await browser.GetAsync("/oauth2/sign_in", followRedirects: false);

        Assert.Contains($"<img src=\"data:image/png;base64,{Convert.ToBase64String(bytes)}\" alt=\"Logo\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("img-src data:;", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnHttpsLogo_IsLinked_AndOnlyItsOriginIsAllowed()
    {
        await using var env = await StartAsync(s => s["custom_sign_in_logo"] = "https://cdn.contoso.test/brand/logo.svg");
        using var browser = env.Browser();

        var page = await browser.GetAsync("/oauth2/sign_in", followRedirects: false);

        Assert.Contains("<img src=\"https://cdn.contoso.test/brand/logo.svg\" alt=\"Logo\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("img-src https://cdn.contoso.test;", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingLogoFile_StopsStartup_NamingTheOption()
    {
        var missing = Path.Combine(Path.GetTempPath(), "lanyard-no-such-dir", "logo.png");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => StartAsync(s => s["custom_sign_in_logo"] = missing));

        Assert.Contains($"custom_sign_in_logo (from test): '{missing}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFooter_IsOnErrorPagesToo()
    {
        await using var env = await StartAsync(s => s["footer"] = "Contoso IT");
        using var browser = env.Browser();

        var error = await browser.GetAsync("/oauth2/callback?state=nope&code=x", followRedirects: false);

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("<footer><small>Contoso IT</small></footer>", error.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RobotsTxt_IsAnsweredBeforeSignIn_WithOauth2ProxysText()
    {
        await using var env = await StartAsync(_ => { });
        using var browser = env.Browser();

        var robots = await browser.GetAsync("/robots.txt", followRedirects: false);

        Assert.Equal(HttpStatusCode.OK, robots.StatusCode);
        Assert.Equal("text/plain", robots.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal("User-agent: *\nDisallow: /\n", robots.Body);
    }

    [Fact]
    public async Task StaticFiles_Answer404_AndNeverReachTheUpstream()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var css = await browser.GetAsync("/oauth2/static/css/bulma.min.css", followRedirects: false);

        Assert.Equal(HttpStatusCode.NotFound, css.StatusCode);
        Assert.Contains("Lanyard serves no static files", css.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"headers\"", css.Body, StringComparison.Ordinal);
    }
}
