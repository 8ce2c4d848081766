using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>The whole browser flow: proxy → emulator → proxy callback → upstream, for the demo users.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task Alice_SignsIn_AndReachesTheUpstreamAsHerself()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        var landing = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal(LanyardTestEnvironment.ProxyUrl, landing.Url);
        Assert.Contains("alice@contoso.test", landing.Body, StringComparison.Ordinal);
        Assert.Equal(
            ["https://proxy.test/oauth2/start", "https://login.emulator.test/" + DemoDirectory.ContosoTenantId + "/oauth2/v2.0/authorize", "https://proxy.test/oauth2/callback", "https://proxy.test/"],
            landing.Hops.Select(h => h.Url.GetLeftPart(UriPartial.Path)));

        var echo = EchoedRequest.Parse((await browser.GetAsync("/whoami", configure: AcceptJson)).Body);
        Assert.Equal("alice@contoso.test", echo.Header("X-Forwarded-Email"));
        Assert.Equal(DemoDirectory.AdminsGroupId, echo.Header("X-Forwarded-Groups"));
        Assert.False(string.IsNullOrEmpty(echo.Header("X-Forwarded-User")));
        Assert.Equal("/whoami", echo.Path);
    }

    [Fact]
    public async Task Bob_SignsIn_WithNoGroups()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        await browser.SignInAsync(DemoDirectory.BobUserPrincipalName);
        var echo = EchoedRequest.Parse((await browser.GetAsync("/", configure: AcceptJson)).Body);

        Assert.Equal("bob@contoso.test", echo.Header("X-Forwarded-Email"));
        Assert.Null(echo.Header("X-Forwarded-Groups"));
    }

    [Fact]
    public async Task SignInPage_ListsDemoUsers_AndPickingOneSignsIn_ReturningToTheFirstPage()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        var page = await browser.GetAsync("/reports/q3?format=full");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("login.emulator.test", page.Url.Host);
        Assert.Contains("alice@contoso.test", page.Body, StringComparison.Ordinal);
        Assert.Contains("bob@contoso.test", page.Body, StringComparison.Ordinal);

        var form = HtmlForm.Parse(page.Body);
        var landing = await browser.PostFormAsync(new Uri(page.Url, form.Action), form.SubmitWith("bob@contoso.test"));

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal("https://proxy.test/reports/q3?format=full", landing.Url.AbsoluteUri);
        Assert.Contains("bob@contoso.test", landing.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartRedirect_CarriesStateNoncePkceAndLoginHint()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        var start = await browser.GetAsync("/oauth2/start?login_hint=alice%40contoso.test&rd=%2F", followRedirects: false);

        Assert.Equal(HttpStatusCode.Found, start.StatusCode);
        var query = BrowserClient.Query(start.Location!);
        Assert.Equal(LanyardTestEnvironment.ClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("https://proxy.test/oauth2/callback", query["redirect_uri"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].Length);
        Assert.True(query["state"].Length >= 43);
        Assert.True(query["nonce"].Length >= 43);
        Assert.Equal("alice@contoso.test", query["login_hint"]);

        var csrf = Assert.Single(start.SetCookies, c => c.StartsWith("_oauth2_proxy_csrf=", StringComparison.Ordinal));
        Assert.Contains("httponly", csrf, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", csrf, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", csrf, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=900", csrf, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ConfiguredPrompt_IsSentToTheProvider()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["prompt"] = "select_account");
        using var browser = env.Browser();

        var start = await browser.GetAsync("/oauth2/start", followRedirects: false);

        Assert.Equal("select_account", BrowserClient.Query(start.Location!)["prompt"]);
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlySecureAndLax()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        var landing = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var cookie = browser.Cookies.GetCookies(LanyardTestEnvironment.ProxyUrl)["_oauth2_proxy"];
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.DoesNotContain("alice", cookie.Value, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
    }

    [Fact]
    public async Task CookieOptions_ShapeEveryCookie_AsOauth2ProxysNamesSay()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["cookie_name"] = "_lanyard";
            s["cookie_domains"] = new List<string> { "example.com", "proxy.test" };
            s["cookie_path"] = "/";
            s["cookie_httponly"] = false;
            s["cookie_samesite"] = "strict";
            s["cookie_expire"] = "2h";
            s["cookie_csrf_expire"] = "5m";
        });
        using var browser = env.Browser();

        var start = await browser.GetAsync($"/oauth2/start?login_hint={DemoDirectory.AliceUserPrincipalName}", followRedirects: false);
        var csrf = Assert.Single(start.SetCookies);
        var callback = await browser.GetAsync(await browser.AuthorizeAtProviderAsync(start.Location!), followRedirects: false);
        var session = Assert.Single(callback.SetCookies, c => c.StartsWith("_lanyard=", StringComparison.Ordinal));

        Assert.StartsWith("_lanyard_csrf=", csrf, StringComparison.Ordinal);
        Assert.Contains("max-age=300", csrf, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("domain=proxy.test", csrf, StringComparison.OrdinalIgnoreCase);
        // The sign-in cookie stays Lax and HttpOnly whatever the session cookie is: the provider's redirect back is a
        // cross-site navigation (Strict would drop it), and no script ever needs it.
        Assert.Contains("samesite=lax", csrf, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", csrf, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("(?i)max-age=(7200|7199);", session + ";");
        Assert.Contains("domain=proxy.test", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/;", session + ";", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Null(browser.Cookies.GetCookies(LanyardTestEnvironment.ProxyUrl)["_oauth2_proxy"]);
        Assert.Equal(HttpStatusCode.Accepted, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
    }

    [Fact]
    public async Task CookieSecureOff_WritesCookiesWithoutSecure()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["cookie_secure"] = false);
        using var browser = env.Browser();

        var start = await browser.GetAsync("/oauth2/start", followRedirects: false);

        Assert.DoesNotContain("secure", Assert.Single(start.SetCookies), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AuthEndpoint_Answers202WithIdentityHeaders_AndNeverRedirects()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        var anonymous = await browser.GetAsync("/oauth2/auth", followRedirects: false);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var auth = await browser.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal("alice@contoso.test", auth.Header("X-Auth-Request-Email"));
        Assert.Equal(DemoDirectory.AdminsGroupId, auth.Header("X-Auth-Request-Groups"));
        Assert.False(string.IsNullOrEmpty(auth.Header("X-Auth-Request-User")));
    }

    [Fact]
    public async Task UserInfo_DescribesTheSession_Or401()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/oauth2/userinfo", configure: AcceptJson)).StatusCode);

        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var info = await browser.GetAsync("/oauth2/userinfo", configure: AcceptJson);

        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(info.Body);
        Assert.Equal("alice@contoso.test", json.RootElement.GetProperty("email").GetString());
        Assert.Equal(DemoDirectory.AdminsGroupId, json.RootElement.GetProperty("groups")[0].GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("user").GetString()));
    }

    [Fact]
    public async Task SignOut_EndsTheSession_AndGoesToRd()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var signOut = await browser.GetAsync("/oauth2/sign_out?rd=%2Fgoodbye", followRedirects: false);

        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.Equal("/goodbye", signOut.Message.Headers.Location?.OriginalString);
        Assert.Null(browser.Cookie("_oauth2_proxy"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
    }

    [Fact]
    public async Task SignOutThroughTheProvidersEndSessionEndpoint_CarriesTheIdTokenHint()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["whitelist_domains"] = new List<string> { "login.emulator.test" });
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var logout = $"https://login.emulator.test/{DemoDirectory.ContosoTenantId}/oauth2/v2.0/logout?post_logout_redirect_uri={Uri.EscapeDataString("https://proxy.test/oauth2/callback")}&id_token_hint={{id_token}}";

        var signOut = await browser.GetAsync("/oauth2/sign_out?rd=" + Uri.EscapeDataString(logout), followRedirects: false);

        var location = signOut.Location!;
        Assert.Equal("login.emulator.test", location.Host);
        var hint = BrowserClient.Query(location)["id_token_hint"];
        Assert.Equal(3, hint.Split('.').Length);
        Assert.Null(browser.Cookie("_oauth2_proxy"));
        var atProvider = await browser.GetAsync(location, followRedirects: false);
        Assert.Equal("https://proxy.test/oauth2/callback", atProvider.Message.Headers.Location?.AbsoluteUri);
    }

    [Fact]
    public async Task IdTokenPlaceholderWithoutASession_IsRemoved_NotSentLiterally()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["whitelist_domains"] = new List<string> { "login.emulator.test" });
        using var browser = env.Browser();

        var signOut = await browser.GetAsync("/oauth2/sign_out?rd=" + Uri.EscapeDataString("https://login.emulator.test/common/oauth2/v2.0/logout?id_token_hint={id_token}"), followRedirects: false);

        Assert.DoesNotContain("id_token}", signOut.Message.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal("", BrowserClient.Query(signOut.Location!)["id_token_hint"]);
    }

    [Fact]
    public async Task SignOutByPost_AlsoEndsTheSession()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var signOut = await browser.PostFormAsync(new Uri(LanyardTestEnvironment.ProxyUrl, "/oauth2/sign_out"), [new("rd", "/bye")], followRedirects: false);

        Assert.Equal("/bye", signOut.Message.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
    }

    [Fact]
    public async Task RequestWithoutSession_ThatCannotFollowARedirect_Gets401()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var api = env.ApiClient();

        using var response = await api.GetAsync("/api/orders", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task EmailDomainRule_DeniesOtherDomains_WithAPageNamingTheRule()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["email_domains"] = new List<string> { "fabrikam.test" });
        using var browser = env.Browser();

        var result = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.Forbidden, result.StatusCode);
        Assert.Contains("email_domains", result.Body, StringComparison.Ordinal);
        Assert.Null(browser.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task UnknownOauth2Path_IsNotForwarded()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/oauth2/nothing-here")).StatusCode);
    }

    internal static void AcceptJson(HttpRequestMessage request)
    {
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("application/json");
    }
}
