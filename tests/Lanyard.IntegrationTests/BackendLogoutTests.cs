using System.Collections.Concurrent;
using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.IntegrationTests;

/// <summary>
/// backend_logout_url: at sign-out Lanyard itself GETs the URL, <c>{id_token}</c> filled with the session's ID token,
/// before the session is cleared; a failing backend does not stop the sign-out (oauth2-proxy only logs it).
/// </summary>
public sealed class BackendLogoutTests
{
    private static readonly Uri Backend = new("https://idp-backend.test/");

    // As a user writes it: Uri would escape the braces.
    private const string LogoutTemplate = "https://idp-backend.test/logout?id_token_hint={id_token}";

    private static async Task<(WebApplication App, ConcurrentQueue<string> Calls)> StartBackendAsync(LanyardTestEnvironment env, int status)
    {
        var calls = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.MapGet("/logout", (HttpContext context) =>
        {
            calls.Enqueue(context.Request.Query["id_token_hint"].ToString());
            return Results.StatusCode(status);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        env.Network.Register(Backend, app.GetTestServer());
        return (app, calls);
    }

    private static Task<BrowserResponse> SignOutAsync(BrowserClient browser) =>
        browser.PostFormAsync(new Uri(LanyardTestEnvironment.ProxyUrl, "/oauth2/sign_out"), [], followRedirects: false);

    [Fact]
    public async Task SignOut_CallsTheBackendWithTheSessionsIdToken()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["backend_logout_url"] = LogoutTemplate);
        var (backend, calls) = await StartBackendAsync(env, 200);
        await using var _ = backend;
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var signOut = await SignOutAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var idToken = new JsonWebToken(Assert.Single(calls));
        Assert.Contains(LanyardTestEnvironment.ClientId, idToken.Audiences);
        Assert.Equal("alice@contoso.test", idToken.GetPayloadValue<string>("email"));
    }

    [Fact]
    public async Task AFailingBackend_DoesNotStopTheSignOut()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["backend_logout_url"] = LogoutTemplate);
        var (backend, calls) = await StartBackendAsync(env, 500);
        await using var _ = backend;
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var signOut = await SignOutAsync(browser);
        var after = await browser.GetAsync("/oauth2/userinfo");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Single(calls);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task WithoutASession_TheBackendIsNotCalled()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["backend_logout_url"] = LogoutTemplate);
        var (backend, calls) = await StartBackendAsync(env, 200);
        await using var _ = backend;
        using var browser = env.Browser();

        await SignOutAsync(browser);

        Assert.Empty(calls);
    }
}
