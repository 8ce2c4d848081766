using System.Net;
using Lanyard.Demo;
using Lanyard.Testing;
using Microsoft.AspNetCore.Builder;

namespace Lanyard.EndToEndTests;

/// <summary>
/// provider = "oidc" against oidc-provider (npm), an OpenID Provider nobody here wrote: sign-in, identity headers,
/// refresh and sign-out, with Lanyard and the provider as real processes.
/// </summary>
public sealed class GenericOidcTests : IAsyncLifetime
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly int _providerPort = FreePort.Next();
    private readonly int _proxyPort = FreePort.Next();
    private TestProcess? _provider;
    private WebApplication? _upstream;

    private string Proxy => $"http://127.0.0.1:{_proxyPort}";

    public async ValueTask InitializeAsync()
    {
        _provider = await OidcProviderProcess.StartAsync(_providerPort, $"{Proxy}/oauth2/callback");
        _upstream = DemoUpstreamHost.Create(["http://127.0.0.1:0"]);
        await _upstream.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }
    }

    private async Task<TestProcess> StartLanyardAsync(string extraToml = "")
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-oidc-");
        var config = Path.Combine(directory.FullName, "lanyard.toml");
        await File.WriteAllTextAsync(config, $"""
            provider = "oidc"
            oidc_issuer_url = "http://127.0.0.1:{_providerPort}"
            client_id = "{OidcProviderProcess.ClientId}"
            client_secret = "{OidcProviderProcess.ClientSecret}"
            scope = "openid email profile groups offline_access"
            # oidc-provider grants offline_access only with prompt=consent (OpenID Connect Core §11).
            prompt = "consent"
            cookie_secret = "Yq3tW8zP1mK6vB9xL2nR5sD7fG0hJ4cA"
            cookie_secure = false
            email_domains = ["example.test"]
            upstreams = ["{Lanyard.Cli.HostRunner.BoundAddress(_upstream!)}/"]
            http_address = "127.0.0.1:{_proxyPort}"
            {extraToml}
            """, Cancel);
        var lanyard = TestProcess.Lanyard("serve", "--config", config);
        await lanyard.WaitUntilOkAsync($"{Proxy}/ready");
        return lanyard;
    }

    [Fact]
    public async Task SignIn_ReachesTheUpstreamWithTheProvidersClaims()
    {
        await using var lanyard = await StartLanyardAsync();
        using var curl = ScriptedClient.Create("application/json");

        using var landing = await curl.GetAsync($"{Proxy}/oauth2/start?login_hint=alice&rd=/hello", Cancel);
        var echo = EchoedRequest.Parse(await landing.Content.ReadAsStringAsync(Cancel));

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal("/hello", echo.Path);
        Assert.Equal("alice", echo.Header("X-Forwarded-User"));
        Assert.Equal("alice@example.test", echo.Header("X-Forwarded-Email"));
        Assert.Equal("admins,staff", echo.Header("X-Forwarded-Groups"));
    }

    [Fact]
    public async Task UnverifiedEmail_IsRefused_UnlessInsecureOidcAllowUnverifiedEmail()
    {
        // Issue 9, finding 1: eve's token says email alice@example.test, email_verified false (oauth2-proxy refuses it too).
        await using (var strict = await StartLanyardAsync())
        {
            using var eve = ScriptedClient.Create();
            using var refused = await eve.GetAsync($"{Proxy}/oauth2/start?login_hint=eve&rd=/", Cancel);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("email_verified", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        await using var lenient = await StartLanyardAsync("insecure_oidc_allow_unverified_email = true");
        using var again = ScriptedClient.Create("application/json");
        using var landing = await again.GetAsync($"{Proxy}/oauth2/start?login_hint=eve&rd=/", Cancel);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal("eve", EchoedRequest.Parse(await landing.Content.ReadAsStringAsync(Cancel)).Header("X-Forwarded-User"));
    }

    [Fact]
    public async Task AllowedGroups_AreEnforcedWithTheProvidersGroupsClaim()
    {
        await using var lanyard = await StartLanyardAsync("allowed_groups = [\"admins\"]");
        using var alice = ScriptedClient.Create();
        using var bob = ScriptedClient.Create();

        using var aliceLanding = await alice.GetAsync($"{Proxy}/oauth2/start?login_hint=alice&rd=/", Cancel);
        using var bobLanding = await bob.GetAsync($"{Proxy}/oauth2/start?login_hint=bob&rd=/", Cancel);

        Assert.Equal(HttpStatusCode.OK, aliceLanding.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bobLanding.StatusCode);
    }

    [Fact]
    public async Task DueSession_IsRefreshedWithTheProvidersRefreshToken()
    {
        await using var lanyard = await StartLanyardAsync("cookie_refresh = \"1s\"");
        using var curl = ScriptedClient.Create();
        using var landing = await curl.GetAsync($"{Proxy}/oauth2/start?login_hint=bob&rd=/", Cancel);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);
        using var auth = await curl.GetAsync($"{Proxy}/oauth2/auth", Cancel);

        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Contains(auth.Headers.GetValues("Set-Cookie"), c => c.StartsWith("_oauth2_proxy=", StringComparison.Ordinal));
        await lanyard.WaitForOutputAsync("Session refreshed: user bob", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        await using var lanyard = await StartLanyardAsync();
        using var curl = ScriptedClient.Create();
        using var landing = await curl.GetAsync($"{Proxy}/oauth2/start?login_hint=alice&rd=/", Cancel);
        using (var before = await curl.GetAsync($"{Proxy}/oauth2/auth", Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        }

        // POST, as a script signs out: a GET that does not say it comes from the site gets a confirmation page (issue 9).
        using var signOut = await curl.PostAsync($"{Proxy}/oauth2/sign_out?rd=/oauth2/auth", null, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, signOut.StatusCode);
    }
}
