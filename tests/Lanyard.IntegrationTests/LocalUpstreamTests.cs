using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// oauth2-proxy's upstreams that are not servers: <c>static://CODE</c> and <c>file:///dir#/route/</c> (and the Helm
/// chart's <c>file:///dev/null</c>). They answer only requests that passed sign-in and authorization.
/// </summary>
public sealed class LocalUpstreamTests
{
    [Fact]
    public async Task StaticUpstream_AnswersItsCode_OnlyAfterSignIn()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["upstreams"] = new List<string> { "static://202" });
        using var alice = env.Browser();

        var before = await alice.GetAsync("/anything", followRedirects: false);
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var after = await alice.GetAsync("/anything", followRedirects: false);

        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.DoesNotContain("Authenticated", before.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        Assert.Equal("Authenticated", after.Body);
    }

    [Fact]
    public async Task StaticUpstream_DeniesWhomTheRulesDeny()
    {
        // Bob is in no group, so allowed_groups turns him away before the static answer.
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["upstreams"] = new List<string> { "static://200" };
            s["allowed_groups"] = new List<string> { DemoDirectory.AdminsGroupId };
        });
        using var bob = env.Browser();

        var landing = await bob.SignInAsync(DemoDirectory.BobUserPrincipalName);
        var again = await bob.GetAsync("/", followRedirects: false);

        Assert.Equal(HttpStatusCode.Forbidden, landing.StatusCode);
        Assert.Contains("allowed_groups", landing.Body, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, again.StatusCode);
        Assert.DoesNotContain("Authenticated", again.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileUpstream_ServesTheDirectoryUnderItsRoute_BesideAnHttpUpstream()
    {
        using var files = new TemporaryDirectory();
        files.Write("index.html", "<h1>docs home</h1>");
        files.Write("guide/setup.txt", "step one");
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
            s["upstreams"] = new List<string> { LanyardTestEnvironment.UpstreamUrl.AbsoluteUri, $"file://{files.Path}#/docs/" });
        using var alice = env.Browser();

        var before = await alice.GetAsync("/docs/guide/setup.txt", followRedirects: false);
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var text = await alice.GetAsync("/docs/guide/setup.txt", followRedirects: false);
        var index = await alice.GetAsync("/docs/", followRedirects: false);
        var missing = await alice.GetAsync("/docs/nope.txt", followRedirects: false);
        var app = await alice.GetAsync("/elsewhere", followRedirects: false, configure: SignInTests.AcceptJson);

        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("step one", text.Body);
        Assert.Equal("text/plain", text.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("<h1>docs home</h1>", index.Body);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("/elsewhere", EchoedRequest.Parse(app.Body).Path);
    }

    [Theory]
    [InlineData("/docs/%2e%2e/secret.txt")]
    [InlineData("/docs/..%2fsecret.txt")]
    [InlineData("/docs/%2e%2e%2fsecret.txt")]
    [InlineData("/docs/..%5csecret.txt")]
    [InlineData("/docs/sub/%2e%2e/%2e%2e/secret.txt")]
    public async Task FileUpstream_NeverServesAFileOutsideItsDirectory(string path)
    {
        using var root = new TemporaryDirectory();
        root.Write("secret.txt", "the secret");
        root.Write("www/sub/page.txt", "public");
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
            s["upstreams"] = new List<string> { $"file://{root.Path}/www#/docs/" });
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var inside = await alice.GetAsync("/docs/sub/page.txt", followRedirects: false);
        var answer = await alice.SendAsync(HttpMethod.Get, new Uri("https://proxy.test" + path, UriKind.Absolute), null, followRedirects: false, null);

        Assert.Equal("public", inside.Body);
        Assert.DoesNotContain("the secret", answer.Body, StringComparison.Ordinal);
        Assert.True((int)answer.StatusCode is 400 or 404, $"{path} answered {(int)answer.StatusCode}");
    }

    [Fact]
    public async Task HelmChartsDevNullUpstream_AnswersNotFound_AfterSignIn()
    {
        // oauth2-proxy's Helm chart defaults to file:///dev/null for auth-only deployments behind an ingress.
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["upstreams"] = new List<string> { "file:///dev/null" });
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var page = await alice.GetAsync("/", followRedirects: false);
        var auth = await alice.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
    }
}
