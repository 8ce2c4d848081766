using System.Net;
using Lanyard.Testing;

namespace Lanyard.EndToEndTests;

/// <summary><c>lanyard serve --config FILE</c> with an oauth2-proxy style TOML file, as a real process.</summary>
public sealed class ServeCommandTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TomlConfig_SignsInThroughTheEmulator_AndProxiesTheUpstream()
    {
        var emulatorPort = FreePort.Next();
        var proxyPort = FreePort.Next();
        await using var emulator = await EmulatorProcess.StartAsync(emulatorPort);
        var config = TemporaryDirectory.WriteFile("lanyard.toml", EmulatorProcess.ClientToml(emulatorPort) + $"""

            email_domains = ["contoso.test"]
            set_xauthrequest = true
            # The emulator's own index page stands in for an app.
            upstreams = ["http://127.0.0.1:{emulatorPort}/"]
            http_address = "127.0.0.1:{proxyPort}"
            """);

        await using var serve = TestProcess.Lanyard("serve", "--config", config);
        await serve.WaitUntilOkAsync($"http://127.0.0.1:{proxyPort}/ready");
        using var curl = ScriptedClient.Create();
        using var response = await curl.GetAsync($"http://127.0.0.1:{proxyPort}/oauth2/start?login_hint=bob@contoso.test&rd=/", Cancel);
        using var auth = await curl.GetAsync($"http://127.0.0.1:{proxyPort}/oauth2/auth", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("emulator", await response.Content.ReadAsStringAsync(Cancel), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal("bob@contoso.test", auth.Headers.GetValues("X-Auth-Request-Email").Single());
        // Bob has no groups: Kestrel still sends the header, empty, so a gateway copying it overwrites a forged one (issue 9).
        Assert.Equal("", auth.Headers.GetValues("X-Auth-Request-Groups").Single());
    }

    [Fact]
    public async Task NoCommandAtAll_MeansServe_AsOauth2ProxyIsCalled()
    {
        var config = TemporaryDirectory.WriteFile("lanyard.toml", "provider = \"oidc\"\n");
        await using var lanyard = TestProcess.Lanyard("--config", config);

        Assert.Equal(1, await lanyard.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("client_id", lanyard.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadConfig_ExitsWithEveryProblemNamed_AndNoStackTrace()
    {
        var config = TemporaryDirectory.WriteFile("lanyard.toml", """
            provider = "entra-id"
            oidc_issuer_url = "https://login.microsoftonline.com/common/v2.0"
            client_id = "x"
            client_secret = "y"
            cookie_secret = "too-short"
            email_domain = ["*"]
            """);

        await using var serve = TestProcess.Lanyard("serve", "--config", config);

        Assert.Equal(1, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("cookie_secret (from lanyard.toml:5)", serve.Output, StringComparison.Ordinal);
        Assert.Contains("email_domain (from lanyard.toml:6): unknown option (did you mean 'email_domains'?)", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlagsAndEnvironment_OverrideTheFile()
    {
        var config = TemporaryDirectory.WriteFile("lanyard.toml", "provider = \"entra-id\"\ncookie_secret = \"too-short\"\n");
        await using var serve = TestProcess.LanyardWith(
            new Dictionary<string, string?> { ["OAUTH2_PROXY_CLIENT_ID"] = "from-env" },
            "serve", "--config", config, "--cookie-secret=0123456789abcdef0123456789abcdef");

        Assert.Equal(1, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("cookie_secret", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("client_id", serve.Output, StringComparison.Ordinal);
        Assert.Contains("client_secret", serve.Output, StringComparison.Ordinal);
    }
}
