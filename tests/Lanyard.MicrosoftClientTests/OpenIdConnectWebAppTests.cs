using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lanyard.MicrosoftClientTests;

/// <summary>
/// ASP.NET Core's own OpenID Connect handler, in a minimal web app configured as for Entra ID with only the authority
/// changed: its defaults, so the code comes back by <c>response_mode=form_post</c>, with PKCE and a nonce. A scripted
/// browser signs in: the app's challenge, the emulator's account picker, the auto-submitting form, the app's cookie.
/// </summary>
public sealed class OpenIdConnectWebAppTests(HttpsEmulator emulator) : IClassFixture<HttpsEmulator>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Why the handler failed a sign-in, for a failure's message.
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _failures = [];

    [Fact]
    public async Task TheDefaultFormPostSignIn_GivesTheAppAliceAsUser()
    {
        var port = emulator.WebAppPort;
        await using var app = await StartWebAppAsync(port);
        var cookies = new CookieContainer();
        var handler = emulator.CreateHandler();
        handler.CookieContainer = cookies;
        using var browser = new HttpClient(handler);

        // The app challenges: off to the emulator, asking for a form_post answer.
        using var challenge = await browser.GetAsync($"https://127.0.0.1:{port}/", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(emulator.Authority(DemoDirectory.ContosoTenantId), authorize.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("response_mode=form_post", authorize.Query, StringComparison.Ordinal);

        // The emulator's account picker; Alice is picked.
        using var picker = await browser.GetAsync(authorize, Cancel);
        var pickerForm = HtmlForm.Parse(await picker.Content.ReadAsStringAsync(Cancel));
        using var picked = await browser.PostAsync(new Uri(authorize, pickerForm.Action), new FormUrlEncodedContent(pickerForm.SubmitWith(DemoDirectory.AliceUserPrincipalName)), Cancel);

        // The auto-submitting form, posted back to the app as the browser would.
        Assert.Equal(HttpStatusCode.OK, picked.StatusCode);
        var post = HtmlForm.Parse(await picked.Content.ReadAsStringAsync(Cancel));
        Assert.Equal($"https://127.0.0.1:{port}/signin-oidc", post.Action);
        using var callback = await browser.PostAsync(post.Action, new FormUrlEncodedContent(post.Hidden), Cancel);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, $"{(int)callback.StatusCode}: {string.Join("\n", _failures)}");

        using var home = await browser.GetAsync($"https://127.0.0.1:{port}/", Cancel);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        using var claims = JsonDocument.Parse(await home.Content.ReadAsStringAsync(Cancel));
        var user = claims.RootElement;
        Assert.Equal(DemoDirectory.AliceObjectId, user.GetProperty("oid").GetString());
        Assert.Equal(DemoDirectory.ContosoTenantId, user.GetProperty("tid").GetString());
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, user.GetProperty("preferred_username").GetString());
        Assert.Equal(DemoDirectory.AliceDisplayName, user.GetProperty("name").GetString());
    }

    private async Task<WebApplication> StartWebAppAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(X509Certificate2.CreateFromPemFile(emulator.WebAppCertificateFile, emulator.WebAppKeyFile))));
        builder.Logging.ClearProviders();
        var (emulatorUrl, emulatorPem) = (emulator.Url, emulator.Pem);

        // README snippet 5
        // ASP.NET Core, a web app: OpenID Connect as for Entra ID, with the handler's defaults (form_post, PKCE, nonce).
        // Its redirect URI, https://<host>:<port>/signin-oidc, is registered on the app (a --directory file), as in Entra.
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(o =>
            {
                o.Authority = $"{emulatorUrl}/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0";
                o.ClientId = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f";
                o.ClientSecret = "lanyard-dev-secret";
                o.ResponseType = "code";
                o.MapInboundClaims = false; // claims by their token names: oid, tid, preferred_username
                o.BackchannelHttpHandler = EmulatorTrust.Handler(emulatorPem);
            });
        // README snippet end

        // Why a sign-in failed, for a failing assertion's message.
        builder.Services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => o.Events.OnRemoteFailure = failure =>
        {
            _failures.Add(failure.Failure?.ToString() ?? "remote failure");
            return Task.CompletedTask;
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", (ClaimsPrincipal user) => Results.Json(new
        {
            oid = user.FindFirst("oid")?.Value,
            tid = user.FindFirst("tid")?.Value,
            preferred_username = user.FindFirst("preferred_username")?.Value,
            name = user.FindFirst("name")?.Value,
        })).RequireAuthorization();
        await app.StartAsync(Cancel);
        return app;
    }
}
