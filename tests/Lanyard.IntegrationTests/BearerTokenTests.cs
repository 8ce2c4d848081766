using System.Net;
using System.Net.Http.Headers;
using Lanyard.Emulator;
using Lanyard.Sessions;
using Lanyard.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Lanyard.IntegrationTests;

/// <summary>
/// skip_jwt_bearer_tokens: API clients present an access token for this app instead of a session. Entra issues
/// v1.0 or v2.0 tokens depending on the app's accessTokenAcceptedVersion; both are accepted, each with its own
/// issuer bound to its tenant (oauth2-proxy #2719, #1333).
/// </summary>
public sealed class BearerTokenTests
{
    private static string ApiScope => $"api://{LanyardTestEnvironment.ClientId}/access_as_user";

    private static Task<LanyardTestEnvironment> StartAsync(int tokenVersion, Action<Dictionary<string, object>>? configure = null) =>
        LanyardTestEnvironment.StartAsync(
            s =>
            {
                s["skip_jwt_bearer_tokens"] = true;
                s["oidc_extra_audiences"] = new List<string> { $"api://{LanyardTestEnvironment.ClientId}" };
                configure?.Invoke(s);
            },
            registerApplication: app => app with { AccessTokenAcceptedVersion = tokenVersion });

    private static async Task<HttpResponseMessage> CallAsync(LanyardTestEnvironment env, string path, string token)
    {
        using var api = env.ApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        return await api.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AccessTokenForThisApp_ReachesTheUpstreamAsItsUser(int version)
    {
        await using var env = await StartAsync(version);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        using var response = await CallAsync(env, "/api/orders", token);
        var echo = EchoedRequest.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice@contoso.test", echo.Header("X-Forwarded-Email"));
        Assert.Equal(DemoDirectory.AdminsGroupId, echo.Header("X-Forwarded-Groups"));
        using var auth = await CallAsync(env, "/oauth2/auth", token);
        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
    }

    [Fact]
    public async Task GraphTokenNotMeantForThisApp_IsRefused()
    {
        await using var env = await StartAsync(2);
        var graphToken = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, "openid User.Read");

        using var response = await CallAsync(env, "/api/orders", graphToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // The audience is judged first, and its failure says so (not "bad signature", which a Graph token also is).
        Assert.Contains("issued for another application, Microsoft Graph", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BearerTokens_AreIgnoredUnlessEnabled()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(registerApplication: app => app with { AccessTokenAcceptedVersion = 2 });
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        using var response = await CallAsync(env, "/api/orders", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AllowedTenants_ApplyToBearerTokens(int version)
    {
        await using var env = await StartAsync(version, s =>
        {
            s["oidc_issuer_url"] = "https://login.emulator.test/common/v2.0";
            s["insecure_oidc_skip_issuer_verification"] = true;
            s["entra_id_allowed_tenants"] = new List<string> { DemoDirectory.ContosoTenantId };
        });
        var carols = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.CarolUserPrincipalName, ApiScope, tenant: "common");
        var alices = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope, tenant: "common");

        using var refused = await CallAsync(env, "/api/orders", carols);
        using var allowed = await CallAsync(env, "/api/orders", alices);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task TamperedBearerToken_IsRefused()
    {
        await using var env = await StartAsync(2);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        var parts = token.Split('.');
        var forged = parts[0] + "." + parts[1][..^2] + (parts[1][^2] == 'A' ? "B" : "A") + parts[1][^1] + "." + parts[2];

        using var response = await CallAsync(env, "/api/orders", forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheSessionsIdToken_IsNotABearerToken()
    {
        // Issue 9, finding 2/3: an ID token (aud = this client, signed by the provider) leaked from a session is
        // not an access token and must not open the API.
        await using var env = await StartAsync(2);
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var idToken = await IdTokenOfAsync(env, browser);

        using var response = await CallAsync(env, "/api/orders", idToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("ID token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedBearerToken_IsAnsweredWithItsReason()
    {
        await using var env = await StartAsync(2);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, "openid User.Read");

        using var response = await CallAsync(env, "/api/orders", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("another application", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedBearerToken_IsNotForwarded_WhenTheSessionCookieLetsTheRequestIn()
    {
        await using var env = await StartAsync(2);
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var answer = await browser.GetAsync("/api/orders", configure: request =>
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.");
            request.Headers.Accept.Clear();
            request.Headers.Accept.ParseAdd("application/json");
        });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var echo = EchoedRequest.Parse(answer.Body);
        Assert.Equal("alice@contoso.test", echo.Header("X-Forwarded-Email"));
        Assert.Null(echo.Header("Authorization"));
    }

    [Fact]
    public async Task WithoutLoginFallback_ARefusedBearerToken_Gets403_EvenWithASession()
    {
        await using var env = await StartAsync(2, s => s["bearer_token_login_fallback"] = false);
        using var browser = env.Browser();
        await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        void Forged(HttpRequestMessage request)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.");
            request.Headers.Accept.Clear();
            request.Headers.Accept.ParseAdd("application/json");
        }

        var proxied = await browser.GetAsync("/api/orders", configure: Forged);
        var auth = await browser.GetAsync("/oauth2/auth", configure: Forged);
        var withoutToken = await browser.GetAsync("/api/orders", configure: request => request.Headers.Accept.ParseAdd("application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, proxied.StatusCode);
        Assert.Contains("invalid_token", proxied.Header("WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, auth.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withoutToken.StatusCode);
    }

    [Fact]
    public async Task WithoutLoginFallback_AValidBearerToken_StillPasses()
    {
        await using var env = await StartAsync(2, s => s["bearer_token_login_fallback"] = false);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        using var response = await CallAsync(env, "/api/orders", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AcceptedBearerToken_IsForwarded()
    {
        await using var env = await StartAsync(2);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        using var response = await CallAsync(env, "/api/orders", token);
        var echo = EchoedRequest.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // The demo upstream shows a credential's scheme and fingerprint, never the credential: the caller's own token arrived.
        Assert.Equal("Bearer … " + Lanyard.Demo.DemoPage.Fingerprint(token), echo.Header("Authorization"));
    }

    [Fact]
    public async Task AppOnlyToken_PassesAsAnApplication_WhenApplicationsAreAllowed_AndRolesStillApply()
    {
        await using var env = await StartAsync(2, s =>
        {
            s["bearer_token_allow_applications"] = true;
            s["allowed_roles"] = new List<string> { "Orders.Read" };
        });
        var keys = env.Emulator.Services.GetRequiredService<SigningKeys>();
        string AppToken(string role)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return keys.SignToken($$"""{"typ":"JWT","alg":"RS256","kid":"{{keys.ActiveKeyId}}"}""", $$"""
                {"aud":"{{LanyardTestEnvironment.ClientId}}","iss":"https://login.emulator.test/{{DemoDirectory.ContosoTenantId}}/v2.0","iat":{{now}},"nbf":{{now}},"exp":{{now + 3600}},
                 "azp":"da3e0000-1111-4222-8333-444455556666","azpacr":"1","idtyp":"app","oid":"5e71ce00-0000-4000-8000-00000000000a","sub":"5e71ce00-0000-4000-8000-00000000000a",
                 "roles":["{{role}}"],"tid":"{{DemoDirectory.ContosoTenantId}}","ver":"2.0"}
                """);
        }

        using var allowed = await CallAsync(env, "/api/orders", AppToken("Orders.Read"));
        using var denied = await CallAsync(env, "/api/orders", AppToken("Orders.Write"));
        var echo = EchoedRequest.Parse(await allowed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("5e71ce00-0000-4000-8000-00000000000a", echo.Header("X-Forwarded-User"));
        Assert.Null(echo.Header("X-Forwarded-Email"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    private static async Task<string> IdTokenOfAsync(LanyardTestEnvironment env, BrowserClient browser)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "_oauth2_proxy=" + browser.Cookie("_oauth2_proxy");
        var ticket = await env.Proxy.Services.GetRequiredService<ISessionStore>().LoadAsync(context);
        return ticket?.Tokens.IdToken ?? throw new InvalidOperationException("no session");
    }

    [Fact]
    public async Task AllowedRoles_UseTheRolesTheResourceAppAssigned()
    {
        // The proxy guards the dev app's API: tokens for it carry the roles assigned on the dev app
        // (alice: Lanyard.Admin, bob: Lanyard.Reader).
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["client_id"] = DemoDirectory.DevClientId;
            s["skip_jwt_bearer_tokens"] = true;
            s["allowed_roles"] = new List<string> { DemoDirectory.AdminRole };
        });
        var alices = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, DemoDirectory.DevApiScope);
        var bobs = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.BobUserPrincipalName, DemoDirectory.DevApiScope);

        using var allowed = await CallAsync(env, "/oauth2/auth", alices);
        using var denied = await CallAsync(env, "/oauth2/auth", bobs);

        Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
