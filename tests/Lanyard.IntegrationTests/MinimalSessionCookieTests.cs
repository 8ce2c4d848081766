using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// <c>session_cookie_minimal</c>: the session cookie carries who the user is and none of the provider's tokens,
/// and everything that needs only the identity still works.
/// </summary>
public sealed class MinimalSessionCookieTests
{
    [Fact]
    public async Task TheMinimalCookie_IsFarSmaller_AndStillCarriesTheIdentityToTheUpstreamAndForwardAuth()
    {
        var full = await SessionCookieAfterSignInAsync(minimal: false);
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["session_cookie_minimal"] = true);
        using var browser = env.Browser();

        var landing = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var minimal = SessionCookieText(browser);
        var echo = EchoedRequest.Parse((await browser.GetAsync("/whoami", configure: SignInTests.AcceptJson)).Body);
        var auth = await browser.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        // The ID, access and refresh tokens are each larger than the whole minimal cookie.
        Assert.True(minimal.Length * 3 < full.Length, $"minimal cookie {minimal.Length} chars, full {full.Length}");
        Assert.Equal("alice@contoso.test", echo.Header("X-Forwarded-Email"));
        Assert.Equal(DemoDirectory.AdminsGroupId, echo.Header("X-Forwarded-Groups"));
        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal("alice@contoso.test", auth.Header("X-Auth-Request-Email"));
    }

    private static async Task<string> SessionCookieAfterSignInAsync(bool minimal)
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["session_cookie_minimal"] = minimal);
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        return SessionCookieText(browser);
    }

    // The session may be split into _oauth2_proxy_0, _1, ... when it is large: all of it counts.
    private static string SessionCookieText(BrowserClient browser) => string.Concat(browser.Cookies.GetAllCookies()
        .Where(c => c.Name == "_oauth2_proxy" || c.Name.StartsWith("_oauth2_proxy_", StringComparison.Ordinal) && !c.Name.EndsWith("_csrf", StringComparison.Ordinal))
        .Select(c => c.Value));
}
