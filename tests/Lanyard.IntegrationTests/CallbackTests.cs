using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>Everything the callback must refuse, each with a 4xx and a reason, and no session left behind.</summary>
public sealed class CallbackTests
{
    private const string Alice = DemoDirectory.AliceUserPrincipalName;

    [Fact]
    public async Task TamperedSessionCookie_IsNoSession()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(Alice);
        var value = browser.Cookie("_oauth2_proxy")!;

        browser.SetCookieValue("_oauth2_proxy", value[..20] + (value[20] == 'A' ? 'B' : 'A') + value[21..]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
        var page = await browser.GetAsync("/", followRedirects: false);
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.StartsWith("/oauth2/start", page.Message.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedSessionCookie_IsNoSession()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(Alice);

        browser.SetCookieValue("_oauth2_proxy", browser.Cookie("_oauth2_proxy")![..40]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
    }

    [Fact]
    public async Task ExpiredSession_IsNoSession()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["cookie_expire"] = "1h", proxyTime: time);
        using var browser = env.Browser();
        await browser.SignInAsync(Alice);
        Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);

        time.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
    }

    [Fact]
    public async Task StateMismatch_IsRefused()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        var callback = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(Alice));

        var result = await browser.GetAsync(callback.WithQueryValue("state", "forged-state"));

        AssertRefused(result, HttpStatusCode.Forbidden, "state mismatch");
        Assert.Null(browser.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task ReplayedCode_IsRefused()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        var firstCallback = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(Alice));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(firstCallback)).StatusCode);

        // An attacker who saw the callback URL starts their own sign-in and injects the used code into it.
        using var attacker = env.Browser();
        var attackerState = BrowserClient.Query(await attacker.StartSignInAsync(Alice))["state"];
        var result = await attacker.GetAsync(firstCallback.WithQueryValue("state", attackerState));

        AssertRefused(result, HttpStatusCode.Forbidden, "invalid_grant");
        Assert.Null(attacker.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task CallbackUrlFollowedTwice_IsRefusedTheSecondTime()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        var callback = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(Alice));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(callback)).StatusCode);

        var again = await browser.GetAsync(callback);

        AssertRefused(again, HttpStatusCode.Forbidden, "not started in this browser");
    }

    [Fact]
    public async Task WrongNonce_IsRefused()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        var authorize = await browser.StartSignInAsync(Alice);

        // A code minted for another nonce (e.g. from an attacker's own sign-in) must not complete this one.
        var callback = await browser.AuthorizeAtProviderAsync(authorize.WithQueryValue("nonce", "some-other-nonce-0123456789abcdefghijklmnop"));
        var result = await browser.GetAsync(callback);

        AssertRefused(result, HttpStatusCode.Forbidden, "nonce");
        Assert.Null(browser.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task ExpiredIdToken_IsRefused()
    {
        // The emulator's clock runs two hours behind: its one-hour ID tokens are already expired for the proxy.
        var emulatorTime = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        await using var env = await LanyardTestEnvironment.StartAsync(emulatorTime: emulatorTime);
        using var browser = env.Browser();

        var result = await browser.SignInAsync(Alice);

        AssertRefused(result, HttpStatusCode.Forbidden, "expired");
        Assert.Null(browser.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task IdTokenSignedWithAnUnpublishedKey_IsRefused()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        env.EmulatorFaults.SignTokensWithUnpublishedKey = true;
        using var browser = env.Browser();

        var result = await browser.SignInAsync(Alice);

        AssertRefused(result, HttpStatusCode.Forbidden, "key the provider does not publish");
        Assert.Null(browser.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task IdTokenWithABadSignature_IsRefused()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        env.EmulatorFaults.CorruptTokenSignatures = true;
        using var browser = env.Browser();

        var result = await browser.SignInAsync(Alice);

        AssertRefused(result, HttpStatusCode.Forbidden, "signature is not valid");
        Assert.Null(browser.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task CallbackWithoutCsrfCookie_IsRefused()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        var result = await browser.GetAsync("/oauth2/callback?code=abc&state=def");

        AssertRefused(result, HttpStatusCode.Forbidden, "not started in this browser");
    }

    [Fact]
    public async Task SignInAttemptOlderThanCsrfExpire_IsRefused()
    {
        var proxyTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await LanyardTestEnvironment.StartAsync(proxyTime: proxyTime);
        using var browser = env.Browser();
        var callback = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(Alice));

        proxyTime.Advance(TimeSpan.FromMinutes(16));
        var result = await browser.GetAsync(callback);

        AssertRefused(result, HttpStatusCode.Forbidden, "took too long");
    }

    [Fact]
    public async Task ProviderError_IsShownEncoded_AndRefused()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        var state = BrowserClient.Query(await browser.StartSignInAsync(Alice))["state"];

        var result = await browser.GetAsync($"/oauth2/callback?state={state}&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        AssertRefused(result, HttpStatusCode.Forbidden, "access_denied");
        Assert.DoesNotContain("<script>", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderErrorWithoutThisBrowsersState_IsNotBelieved()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        await browser.StartSignInAsync(Alice);

        var result = await browser.GetAsync("/oauth2/callback?error=access_denied&error_description=Call%20this%20number");

        AssertRefused(result, HttpStatusCode.Forbidden, "state mismatch");
        Assert.DoesNotContain("Call this number", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInsInTwoTabs_CollideByDefault_AsInOauth2Proxy()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        var firstTab = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(Alice));
        await browser.StartSignInAsync(Alice);

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(firstTab)).StatusCode);
    }

    [Fact]
    public async Task CsrfPerRequest_LetsSignInsInTwoTabsBothComplete()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["cookie_csrf_per_request"] = true);
        using var browser = env.Browser();
        var firstTab = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(Alice, "/first"));
        var secondTab = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(Alice, "/second"));

        var first = await browser.GetAsync(firstTab, followRedirects: false);
        var second = await browser.GetAsync(secondTab, followRedirects: false);

        Assert.Equal("/first", first.Message.Headers.Location?.OriginalString);
        Assert.Equal("/second", second.Message.Headers.Location?.OriginalString);
        Assert.Contains(first.SetCookies, c => System.Text.RegularExpressions.Regex.IsMatch(c, "^_oauth2_proxy_[A-Za-z0-9_-]{8}_csrf=;"));
    }

    [Fact]
    public async Task CsrfPerRequestLimit_KeepsTheNewestSignIns_AndTheOldestNoLongerCompletes()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["cookie_csrf_per_request"] = true;
            s["cookie_csrf_per_request_limit"] = "2";
        });
        using var browser = env.Browser();
        var tabs = new List<Uri>();
        foreach (var tab in new[] { "/first", "/second", "/third" })
        {
            tabs.Add(await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(Alice, tab)));
        }

        var signInCookies = browser.Cookies.GetAllCookies().Where(c => c.Name.EndsWith("_csrf", StringComparison.Ordinal)).ToList();
        var oldest = await browser.GetAsync(tabs[0], followRedirects: false);
        var newest = await browser.GetAsync(tabs[2], followRedirects: false);
        var middle = await browser.GetAsync(tabs[1], followRedirects: false);

        Assert.Equal(2, signInCookies.Count);
        Assert.Equal(HttpStatusCode.Forbidden, oldest.StatusCode);
        Assert.Equal("/third", newest.Message.Headers.Location?.OriginalString);
        Assert.Equal("/second", middle.Message.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ErrorPages_CarryNoTokensOrStackTraces()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        var callback = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(Alice));
        var code = BrowserClient.Query(callback)["code"];

        var result = await browser.GetAsync(callback.WithQueryValue("state", "forged"));

        Assert.DoesNotContain(code, result.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Body, StringComparison.Ordinal);
    }

    private static void AssertRefused(BrowserResponse result, HttpStatusCode status, string reason)
    {
        Assert.Equal(status, result.StatusCode);
        Assert.Equal("proxy.test", result.Url.Host);
        Assert.Contains(reason, result.Body, StringComparison.OrdinalIgnoreCase);
    }
}
