using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lanyard.EndToEndTests;

/// <summary>
/// Alpha config's upstreams as oauth2-proxy routes them, against a real <c>lanyard serve --alpha-config</c>: a
/// regex path with <c>rewriteTarget</c> (tried before the prefixes), a static answer at a path, files under a
/// rewrite, and per-upstream transport fields (one upstream passes the client's Host, the other does not).
/// </summary>
public sealed class AlphaUpstreamRoutingTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RewritesStaticPathsFilesAndPerUpstreamTransport_RouteAsOauth2ProxyDoes()
    {
        var emulatorPort = FreePort.Next();
        var lanyardPort = FreePort.Next();
        var appPort = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(emulatorPort);
        await using var app = await StartEchoAsync(appPort);
        using var files = new TemporaryDirectory();
        files.Write("v2/guide.txt", "the v2 guide");

        var alpha = TemporaryDirectory.WriteFile("alpha.yaml", $"""
            providers:
              - id: entra
                provider: entra-id
                clientID: {DemoDirectory.DevClientId}
                clientSecret: {DemoDirectory.DevClientSecret}
                oidcConfig:
                  issuerURL: http://127.0.0.1:{emulatorPort}/{DemoDirectory.ContosoTenantId}/v2.0
            upstreamConfig:
              upstreams:
                - id: app
                  path: /
                  uri: http://127.0.0.1:{appPort}/ignored-base/
                - id: api
                  path: ^/api/v1/(.*)$
                  rewriteTarget: /v2/$1?rewritten=yes
                  uri: http://127.0.0.1:{appPort}
                  passHostHeader: false
                - id: health
                  path: /healthz
                  static: true
                  staticCode: 204
                - id: docs
                  path: ^/docs/(.*)$
                  rewriteTarget: /v2/$1
                  uri: file://{files.Path}
            server:
              BindAddress: 127.0.0.1:{lanyardPort}
            """);
        await using var lanyard = TestProcess.Lanyard("serve", "--alpha-config", alpha,
            "--cookie-secret=kPZ7Qp3w0b8mY1sV5xT9rN2uA6eC4dF0", "--cookie-secure=false", "--email-domain=*", "--skip-provider-button=true");
        var proxy = $"http://127.0.0.1:{lanyardPort}";
        await lanyard.WaitUntilOkAsync($"{proxy}/ready");

        var cookies = new CookieContainer();
        using var client = ScriptedClient.Create(cookies);
        using var landing = await client.GetAsync($"{proxy}/oauth2/start?login_hint={DemoDirectory.AliceUserPrincipalName}&rd=/oauth2/userinfo", Cancel);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);

        // The prefix upstream: the path as sent (the uri's own path is not used), the client's Host.
        Assert.Equal($"GET /reports?x=1 host=127.0.0.1:{lanyardPort}", await client.GetStringAsync($"{proxy}/reports?x=1", Cancel));
        // The rewrite wins over "/", its target's query joins the request's, and it sends the upstream's own Host.
        Assert.Equal($"GET /v2/users/7?page=2&rewritten=yes host=127.0.0.1:{appPort}", await client.GetStringAsync($"{proxy}/api/v1/users/7?page=2", Cancel));
        // A path the pattern does not match falls through to the prefix upstream, unchanged.
        Assert.Equal($"GET /api/v2/users host=127.0.0.1:{lanyardPort}", await client.GetStringAsync($"{proxy}/api/v2/users", Cancel));

        using var health = await client.GetAsync($"{proxy}/healthz", Cancel);
        Assert.Equal(HttpStatusCode.NoContent, health.StatusCode);
        Assert.Equal("the v2 guide", await client.GetStringAsync($"{proxy}/docs/guide.txt", Cancel));

        // Every upstream, rewrites and static answers included, is behind sign-in.
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        foreach (var path in new[] { "/api/v1/users/7", "/healthz", "/docs/guide.txt" })
        {
            using var refused = await anonymous.GetAsync($"{proxy}{path}", Cancel);
            Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Found, HttpStatusCode.Unauthorized });
            Assert.DoesNotContain("guide", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }
    }

    /// <summary>Answers every request with its method, path, query and Host.</summary>
    private static async Task<WebApplication> StartEchoAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsync(
            $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} host={context.Request.Host}"));
        await app.StartAsync();
        return app;
    }
}
