using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 10: <c>htpasswd_file</c> (bcrypt) users pass with HTTP Basic credentials, as oauth2-proxy's basic-auth
/// session loader lets them: identity headers say who, <c>htpasswd_user_groups</c> are their groups, wrong
/// passwords pass nothing, and the password never reaches the upstream.
/// </summary>
public sealed class HtpasswdTests
{
    private static readonly string Hash = BCrypt.Net.BCrypt.HashPassword("correct horse", workFactor: 4).Replace("$2a$", "$2y$", StringComparison.Ordinal);

    private static async Task<(LanyardTestEnvironment Env, TemporaryDirectory Files)> StartAsync(Action<Dictionary<string, object>>? more = null)
    {
        var files = new TemporaryDirectory();
        var path = files.Write("users.htpasswd", $"# ops\nbatch:{Hash}\n");
        var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["htpasswd_file"] = path;
            s["htpasswd_user_groups"] = new List<string> { "batch-jobs" };
            s["skip_provider_button"] = false; // the sign-in page, where the form is, rather than straight to the provider
            more?.Invoke(s);
        });
        return (env, files);
    }

    private static Action<HttpRequestMessage> Basic(string user, string password) => request =>
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        request.Headers.Accept.ParseAdd("application/json");
    };

    [Fact]
    public async Task TheRightPassword_PassesAsTheUser_WithTheConfiguredGroups_AndNoPasswordUpstream()
    {
        var (env, files) = await StartAsync();
        await using var _ = env;
        using var __ = files;
        using var client = env.Browser();

        var auth = await client.GetAsync("/oauth2/auth", followRedirects: false, configure: Basic("batch", "correct horse"));
        var proxied = await client.GetAsync("/", configure: Basic("batch", "correct horse"));
        var echo = EchoedRequest.Parse(proxied.Body);

        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal("batch", auth.Header("X-Auth-Request-User"));
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Equal("batch", echo.Header("X-Forwarded-User"));
        Assert.Equal("batch-jobs", echo.Header("X-Forwarded-Groups"));
        Assert.Null(echo.Header("Authorization"));
    }

    [Theory]
    [InlineData("batch", "wrong")]
    [InlineData("nobody", "correct horse")]
    [InlineData("batch", "")]
    public async Task AWrongUserOrPassword_PassesNothing(string user, string password)
    {
        var (env, files) = await StartAsync();
        await using var _ = env;
        using var __ = files;
        using var client = env.Browser();

        var auth = await client.GetAsync("/oauth2/auth", followRedirects: false, configure: Basic(user, password));
        var proxied = await client.GetAsync("/", followRedirects: false, configure: Basic(user, password));

        Assert.Equal(HttpStatusCode.Unauthorized, auth.StatusCode);
        // Not signed in, like any visitor: the sign-in page (403, as oauth2-proxy), and nothing reached the upstream.
        Assert.Equal(HttpStatusCode.Forbidden, proxied.StatusCode);
        Assert.Contains("name=\"password\"", proxied.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedGroups_AdmitHtpasswdUsers_ByTheirConfiguredGroups_Only()
    {
        var (env, files) = await StartAsync(s => s["allowed_groups"] = new List<string> { "batch-jobs" });
        await using var _ = env;
        using var __ = files;
        var (other, otherFiles) = await StartAsync(s => s["allowed_groups"] = new List<string> { "admins" });
        await using var ___ = other;
        using var ____ = otherFiles;

        var admitted = await env.Browser().GetAsync("/oauth2/auth", followRedirects: false, configure: Basic("batch", "correct horse"));
        var refused = await other.Browser().GetAsync("/oauth2/auth", followRedirects: false, configure: Basic("batch", "correct horse"));

        Assert.Equal(HttpStatusCode.Accepted, admitted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task EmailDomains_DoNotApplyToAUserWithoutAnEmail_UnlessPreferEmailToUserMakesTheNameOne()
    {
        var (plain, plainFiles) = await StartAsync(s => s["email_domains"] = new List<string> { "contoso.test" });
        await using var _ = plain;
        using var __ = plainFiles;
        var (asEmail, asEmailFiles) = await StartAsync(s =>
        {
            s["email_domains"] = new List<string> { "contoso.test" };
            s["prefer_email_to_user"] = true;
        });
        await using var ___ = asEmail;
        using var ____ = asEmailFiles;

        var admitted = await plain.Browser().GetAsync("/oauth2/auth", followRedirects: false, configure: Basic("batch", "correct horse"));
        var refused = await asEmail.Browser().GetAsync("/oauth2/auth", followRedirects: false, configure: Basic("batch", "correct horse"));

        Assert.Equal(HttpStatusCode.Accepted, admitted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode); // "batch" is no address at contoso.test
    }

    private static FormUrlEncodedContent Form(string user, string password, string rd = "/") =>
        new([new("username", user), new("password", password), new("rd", rd)]);

    [Fact]
    public async Task TheSignInForm_MakesASession_ThatTheUpstreamSeesAsTheUser()
    {
        var (env, files) = await StartAsync();
        await using var _ = env;
        using var __ = files;
        using var browser = env.Browser();
        var page = await browser.GetAsync("/oauth2/sign_in?rd=/after");

        var posted = await browser.FollowLinkFromAsync(page.Url, "/oauth2/sign_in", followRedirects: false, method: HttpMethod.Post, content: Form("batch", "correct horse", "/after"));
        var echo = EchoedRequest.Parse((await browser.GetAsync("/", configure: SignInTests.AcceptJson)).Body);

        Assert.Contains("name=\"password\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("action=\"/oauth2/sign_in\"", page.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, posted.StatusCode);
        Assert.Equal("/after", posted.Header("Location"));
        Assert.Equal("batch", echo.Header("X-Forwarded-User"));
        Assert.Equal("batch-jobs", echo.Header("X-Forwarded-Groups"));
    }

    [Fact]
    public async Task AWrongPasswordInTheForm_ShowsTheFormAgain_With401_AndNoSession()
    {
        var (env, files) = await StartAsync();
        await using var _ = env;
        using var __ = files;
        using var browser = env.Browser();
        var page = await browser.GetAsync("/oauth2/sign_in");

        var posted = await browser.FollowLinkFromAsync(page.Url, "/oauth2/sign_in", followRedirects: false, method: HttpMethod.Post, content: Form("batch", "nope"));
        var after = await browser.GetAsync("/", followRedirects: false, configure: SignInTests.AcceptJson);

        Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);
        Assert.Contains("name=\"password\"", posted.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("nope", posted.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task TheFormPostedFromAnotherSite_IsRefused()
    {
        var (env, files) = await StartAsync();
        await using var _ = env;
        using var __ = files;
        using var browser = env.Browser();

        var posted = await browser.FollowLinkFromAsync(new Uri("https://evil.test/login"), "/oauth2/sign_in", followRedirects: false, method: HttpMethod.Post, content: Form("batch", "correct horse"));
        var after = await browser.GetAsync("/", followRedirects: false, configure: SignInTests.AcceptJson);

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task WithoutDisplayHtpasswdForm_ThePageHasNoForm_AndTheEndpointTakesNoPassword()
    {
        var (env, files) = await StartAsync(s => s["display_htpasswd_form"] = false);
        await using var _ = env;
        using var __ = files;
        using var browser = env.Browser();
        var page = await browser.GetAsync("/oauth2/sign_in");

        var posted = await browser.FollowLinkFromAsync(page.Url, "/oauth2/sign_in", followRedirects: false, method: HttpMethod.Post, content: Form("batch", "correct horse"));

        Assert.DoesNotContain("name=\"password\"", page.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, posted.StatusCode);
    }
}
