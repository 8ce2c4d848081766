using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>Identity headers sent by a client never reach the upstream; only Lanyard's own do.</summary>
public sealed class IdentityHeaderTests
{
    private static readonly (string Name, string Value)[] Forged =
    [
        ("X-Forwarded-User", "mallory"),
        ("X-Forwarded-Email", "mallory@evil.test"),
        ("X-Forwarded-Groups", "admins,root"),
        ("X-Forwarded-Preferred-Username", "mallory"),
        ("X-Forwarded-Access-Token", "forged-token"),
        ("X_Forwarded_Email", "mallory@evil.test"),
        ("x-forwarded-user", "mallory"),
        ("X-Auth-Request-User", "mallory"),
        ("X-Auth-Request-Email", "mallory@evil.test"),
        ("X_Auth_Request_Groups", "admins"),
        ("GAP-Auth", "mallory@evil.test"),
    ];

    [Fact]
    public async Task ForgedIdentityHeaders_AreReplacedByTheSignedInUsers()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.BobUserPrincipalName);

        var response = await browser.GetAsync("/", configure: request =>
        {
            SignInTests.AcceptJson(request);
            foreach (var (name, value) in Forged)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = EchoedRequest.Parse(response.Body);
        Assert.Equal("bob@contoso.test", echo.Header("X-Forwarded-Email"));
        Assert.Null(echo.Header("X-Forwarded-Groups"));
        Assert.Null(echo.Header("X-Forwarded-Access-Token"));
        Assert.DoesNotContain(echo.Headers, h => h.Value.Contains("mallory", StringComparison.Ordinal));
        Assert.DoesNotContain(echo.Headers, h => h.Key.Contains('_', StringComparison.Ordinal));
        Assert.DoesNotContain(echo.Headers, h => h.Key.StartsWith("X-Auth-Request", StringComparison.OrdinalIgnoreCase));
        Assert.Null(echo.Header("GAP-Auth"));
    }

    [Fact]
    public async Task ForwardAuthAnswer_CarriesEveryIdentityHeader_EmptyWhenUnknown()
    {
        // Issue 9, finding 6: a gateway that copies only the headers present would let the client's own through.
        // Carol signs in to a multi-tenant app that pins no tenant: no trusted email, no groups.
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["oidc_issuer_url"] = "https://login.emulator.test/common/v2.0";
            s["insecure_oidc_skip_issuer_verification"] = true;
        });
        using var carol = env.Browser();
        await carol.SignInAsync(DemoDirectory.CarolUserPrincipalName);

        var auth = await carol.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal("", auth.Header("X-Auth-Request-Email"));
        Assert.Equal("", auth.Header("X-Auth-Request-Groups"));
        Assert.Equal(DemoDirectory.CarolUserPrincipalName, auth.Header("X-Auth-Request-Preferred-Username"));
        Assert.False(string.IsNullOrEmpty(auth.Header("X-Auth-Request-User")));
        Assert.Equal(auth.Header("X-Auth-Request-User"), auth.Header("GAP-Auth"));
    }

    [Fact]
    public async Task SessionCookie_DoesNotReachTheUpstream_ButTheAppsOwnCookiesDo()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        browser.Cookies.Add(LanyardTestEnvironment.ProxyUrl, new Cookie("app_pref", "compact"));

        var echo = EchoedRequest.Parse((await browser.GetAsync("/", configure: SignInTests.AcceptJson)).Body);

        Assert.Equal("app_pref=…", echo.Header("Cookie"));
    }

    [Fact]
    public async Task ForgedIdentityHeaders_WithoutASession_DoNotGetThrough()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var api = env.ApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-User", "mallory");
        request.Headers.Add("X-Forwarded-Email", "mallory@contoso.test");

        using var response = await api.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
