using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 9, finding 9: error pages say what happened and what to do, not where Lanyard's backends are. Host names,
/// ports and file paths go to the log under the request id the page shows.
/// </summary>
public sealed class ErrorDisclosureTests
{
    [Fact]
    public async Task ProviderUnreachableAtTheCallback_502PageNamesNoInternalHost()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        var callback = await browser.AuthorizeAtProviderAsync(await browser.StartSignInAsync(DemoDirectory.AliceUserPrincipalName));
        env.Network.Unregister(LanyardTestEnvironment.EmulatorUrl);

        var result = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.BadGateway, result.StatusCode);
        Assert.Contains("Request id", result.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(LanyardTestEnvironment.EmulatorUrl.Host, result.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("simulated network", result.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("refused", result.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UpstreamUnreachable_502NamesNoInternalHost()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        env.Network.Unregister(LanyardTestEnvironment.UpstreamUrl);

        var result = await browser.GetAsync("/orders");

        Assert.Equal(HttpStatusCode.BadGateway, result.StatusCode);
        Assert.DoesNotContain(LanyardTestEnvironment.UpstreamUrl.Host, result.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PlainHttpReturnAddressOnThisHttpsSite_IsReplacedByTheHomePage()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        var start = await browser.GetAsync("/oauth2/start?login_hint=alice@contoso.test&rd=" + Uri.EscapeDataString("http://proxy.test/orders"), followRedirects: false);
        var signedIn = await browser.GetAsync(start.Location!);

        Assert.Equal("https://proxy.test/", signedIn.Url.AbsoluteUri);
    }

    [Fact]
    public async Task HostPrefixedCookieName_SignsInWithAHardenedCookie()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["cookie_name"] = "__Host-lanyard");
        using var browser = env.Browser();

        var start = await browser.GetAsync("/oauth2/start?login_hint=alice@contoso.test&rd=%2F", followRedirects: false);
        var callback = await browser.AuthorizeAtProviderAsync(start.Location!);
        var finish = await browser.GetAsync(callback, followRedirects: false);

        var session = Assert.Single(finish.SetCookies, c => c.StartsWith("__Host-lanyard=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", session, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
    }
}
