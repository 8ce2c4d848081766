using System.Net;
using Lanyard.Configuration;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// <c>custom_templates_dir</c>: sign_in.html, error.html and robots.txt in Go template syntax with oauth2-proxy's
/// fields replace Lanyard's own, each one only when present; values are escaped; a construct Lanyard does not
/// support stops startup naming the file and line.
/// </summary>
public sealed class CustomTemplatesTests
{
    private const string SignIn = """
        {{define "sign_in.html"}}
        <!DOCTYPE html>
        <html><head><title>Contoso sign-in</title></head><body>
        {{ if .LogoData }}<div class="logo">{{.LogoData}}</div>{{ end }}
        <form method="GET" action="{{.ProxyPrefix}}/start">
          <input type="hidden" name="rd" value="{{.Redirect}}">
          {{ if .SignInMessage }}<p class="banner">{{.SignInMessage}}</p>{{ end }}
          <button type="submit">Continue with {{.ProviderName}} ({{.StatusCode}})</button>
        </form>
        {{ if eq .Footer "-" }}{{ else if eq .Footer "" }}<p>Version {{.Version}}</p>{{ else }}<p>{{.Footer}}</p>{{ end }}
        </body></html>
        {{end}}
        """;

    private const string Error = """
        <!DOCTYPE html>
        <html><head><title>{{.StatusCode}} {{.Title}}</title></head><body>
        <h1 class="custom-error">{{.StatusCode}}: {{.Title}}</h1>
        {{ if or .Message .RequestID }}<p>{{.Message}} (request {{.RequestID}})</p>{{ end }}
        {{ if .Redirect }}<a href="{{.ProxyPrefix}}/sign_in?rd={{.Redirect}}">Sign in</a>{{ end }}
        </body></html>
        """;

    private static Task<LanyardTestEnvironment> StartAsync(string directory, Action<Dictionary<string, object>>? configure = null) =>
        LanyardTestEnvironment.StartAsync(s =>
        {
            s.Remove("skip_provider_button");
            s["custom_templates_dir"] = directory;
            configure?.Invoke(s);
        });

    [Fact]
    public async Task BothTemplates_ReplaceLanyardsPages_WithTheSameData()
    {
        using var templates = new TemporaryDirectory();
        templates.Write("sign_in.html", SignIn);
        templates.Write("error.html", Error);
        await using var env = await StartAsync(templates.Path, s => s["banner"] = "<em>Staff only</em>");
        using var browser = env.Browser();

        var page = await browser.GetAsync("/reports?year=2026", followRedirects: false);
        var error = await browser.GetAsync("/oauth2/callback?state=nope&code=x", followRedirects: false);

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("<title>Contoso sign-in</title>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<p class=\"banner\"><em>Staff only</em></p>", page.Body, StringComparison.Ordinal);
        Assert.Contains("Continue with Microsoft Entra ID (403)", page.Body, StringComparison.Ordinal);
        Assert.Contains("<p>Version ", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"logo\"", page.Body, StringComparison.Ordinal);
        Assert.Equal("/oauth2/start", HtmlForm.Parse(page.Body).Action);
        Assert.Equal("/reports?year=2026", HtmlForm.Parse(page.Body).Hidden.Single(f => f.Key == "rd").Value);
        // An operator's page may load https styles and images, but runs no script.
        Assert.StartsWith("default-src 'none';", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", page.Header("Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("DENY", page.Header("X-Frame-Options"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("<h1 class=\"custom-error\">403: Sign-in expired</h1>", error.Body, StringComparison.Ordinal);
        Assert.Contains("(request ", error.Body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/oauth2/sign_in?rd=%2F\">Sign in</a>", error.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlySignInHtml_KeepsLanyardsErrorPage_AndOnlyRobotsTxt_KeepsLanyardsSignInPage()
    {
        using var signInOnly = new TemporaryDirectory();
        signInOnly.Write("sign_in.html", SignIn);
        using var robotsOnly = new TemporaryDirectory();
        robotsOnly.Write("robots.txt", "User-agent: *\nAllow: /public/\n");

        await using (var env = await StartAsync(signInOnly.Path))
        {
            using var browser = env.Browser();
            var page = await browser.GetAsync("/oauth2/sign_in", followRedirects: false);
            var error = await browser.GetAsync("/oauth2/callback?state=nope&code=x", followRedirects: false);
            var robots = await browser.GetAsync("/robots.txt", followRedirects: false);

            Assert.Contains("Continue with", page.Body, StringComparison.Ordinal);
            Assert.Contains("<h1>403 Sign-in expired</h1>", error.Body, StringComparison.Ordinal);
            Assert.Equal(PageOptions.DefaultRobotsTxt, robots.Body);
        }

        await using (var env = await StartAsync(robotsOnly.Path))
        {
            using var browser = env.Browser();
            var page = await browser.GetAsync("/oauth2/sign_in", followRedirects: false);
            var robots = await browser.GetAsync("/robots.txt", followRedirects: false);

            Assert.Contains("<h1>Sign in</h1>", page.Body, StringComparison.Ordinal);
            Assert.Equal("User-agent: *\nAllow: /public/\n", robots.Body);
        }
    }

    [Fact]
    public async Task AHostileRd_IsEscaped_InTheCustomPage()
    {
        using var templates = new TemporaryDirectory();
        templates.Write("sign_in.html", SignIn);
        await using var env = await StartAsync(templates.Path);
        using var browser = env.Browser();
        const string hostile = "/a?b=\"><script>alert(document.cookie)</script>";

        var page = await browser.GetAsync("/oauth2/sign_in?rd=" + Uri.EscapeDataString(hostile), followRedirects: false);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("<script>", page.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"/a?b=&#34;&gt;&lt;script&gt;", page.Body, StringComparison.Ordinal);
        Assert.Equal(hostile, HtmlForm.Parse(page.Body).Hidden.Single(f => f.Key == "rd").Value);
    }

    [Fact]
    public async Task AnUnsupportedConstruct_StopsStartup_NamingTheFileAndLine()
    {
        using var templates = new TemporaryDirectory();
        templates.Write("sign_in.html", SignIn);
        var error = templates.Write("error.html", "<html><body>\n<ul>\n{{range .Message}}<li>{{.}}</li>{{end}}\n</ul></body></html>");

        var refused = await Assert.ThrowsAsync<ConfigurationException>(() => StartAsync(templates.Path));

        Assert.Contains($"custom_templates_dir (from test): '{error}' line 3: {{{{range}}}} is not supported", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADirectoryThatIsNotThere_StopsStartup()
    {
        var missing = Path.Combine(Path.GetTempPath(), "lanyard-no-such-templates");

        var refused = await Assert.ThrowsAsync<ConfigurationException>(() => StartAsync(missing));

        Assert.Contains($"custom_templates_dir (from test): '{missing}' is not a directory", refused.Message, StringComparison.Ordinal);
    }
}
