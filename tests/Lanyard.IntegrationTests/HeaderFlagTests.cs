using System.Net;
using System.Text;
using Lanyard.Demo;
using Lanyard.Emulator;
using Lanyard.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.IntegrationTests;

/// <summary>
/// oauth2-proxy's legacy header flags, each meaning what it meant there: they build the one claim → header table
/// that serves the proxied request and the <c>/oauth2/auth</c> answer.
/// </summary>
public sealed class HeaderFlagTests
{
    [Fact]
    public async Task WithoutSetXAuthRequest_TheAnswerCarriesOnlyEmptyXAuthRequestHeaders_AndGapAuth()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s.Remove("set_xauthrequest"));
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var auth = await alice.GetAsync("/oauth2/auth", followRedirects: false);
        var echo = EchoedRequest.Parse((await alice.GetAsync("/", configure: SignInTests.AcceptJson)).Body);

        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal("", auth.Header("X-Auth-Request-Email"));
        Assert.Equal("", auth.Header("X-Auth-Request-User"));
        Assert.Equal("", auth.Header("X-Auth-Request-Groups"));
        Assert.Equal("", auth.Header("X-Auth-Request-Access-Token"));
        Assert.Equal("alice@contoso.test", auth.Header("GAP-Auth"));
        Assert.Null(auth.Header("Authorization"));
        // pass_user_headers is on by default.
        Assert.Equal("alice@contoso.test", echo.Header("X-Forwarded-Email"));
        Assert.Equal(DemoDirectory.AdminsGroupId, echo.Header("X-Forwarded-Groups"));
        Assert.False(string.IsNullOrEmpty(echo.Header("X-Forwarded-User")));
        Assert.Null(echo.Header("Authorization"));
    }

    [Fact]
    public async Task PassAndSetAuthorizationHeader_SendTheSessionsIdTokenAsBearer_UpstreamAndToTheGateway()
    {
        // Seed 001's Kubernetes Dashboard: the dashboard reads the ID token from Authorization.
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["pass_authorization_header"] = true;
            s["set_authorization_header"] = true;
        });
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var auth = await alice.GetAsync("/oauth2/auth", followRedirects: false);
        var echo = EchoedRequest.Parse((await alice.GetAsync("/", configure: SignInTests.AcceptJson)).Body);

        var authorization = auth.Header("Authorization");
        Assert.NotNull(authorization);
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        var idToken = new JsonWebToken(authorization["Bearer ".Length..]);
        Assert.Equal(LanyardTestEnvironment.ClientId, Assert.Single(idToken.Audiences));
        Assert.Equal("alice@contoso.test", idToken.GetClaim("preferred_username").Value);
        Assert.Equal("Bearer … " + DemoPage.Fingerprint(idToken.EncodedToken), echo.Header("Authorization"));
    }

    [Fact]
    public async Task ForgedAuthorization_IsReplacedByTheIdToken_WhenPassAuthorizationHeaderIsOn()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["pass_authorization_header"] = true;
            s["set_authorization_header"] = true;
        });
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var idToken = (await alice.GetAsync("/oauth2/auth", followRedirects: false)).Header("Authorization")!["Bearer ".Length..];

        var echo = EchoedRequest.Parse((await alice.GetAsync("/", configure: request =>
        {
            SignInTests.AcceptJson(request);
            request.Headers.TryAddWithoutValidation("Authorization", "Basic bWFsbG9yeTpwdw==");
        })).Body);

        Assert.Equal("Bearer … " + DemoPage.Fingerprint(idToken), echo.Header("Authorization"));
    }

    [Fact]
    public async Task PassAccessToken_SendsTheAccessTokenUpstream_AndWithSetXAuthRequestToTheGateway()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["pass_access_token"] = true);
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var auth = await alice.GetAsync("/oauth2/auth", followRedirects: false);
        var echo = EchoedRequest.Parse((await alice.GetAsync("/", configure: SignInTests.AcceptJson)).Body);

        var accessToken = auth.Header("X-Auth-Request-Access-Token");
        Assert.False(string.IsNullOrEmpty(accessToken));
        Assert.NotEqual(accessToken, auth.Header("Authorization"));
        Assert.Equal("… " + DemoPage.Fingerprint(accessToken), echo.Header("X-Forwarded-Access-Token"));
        Assert.Equal("alice@contoso.test", auth.Header("X-Auth-Request-Preferred-Username"));
    }

    [Fact]
    public async Task PreferEmailToUser_PutsTheEmailInXForwardedUser_AndSendsNoEmailHeader()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["prefer_email_to_user"] = true);
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var echo = EchoedRequest.Parse((await alice.GetAsync("/", configure: SignInTests.AcceptJson)).Body);

        Assert.Equal("alice@contoso.test", echo.Header("X-Forwarded-User"));
        Assert.Null(echo.Header("X-Forwarded-Email"));
    }

    [Fact]
    public async Task BasicAuthPassword_SendsBasicCredentialsOfTheUser()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["basic_auth_password"] = "upstream-pw");
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var echo = EchoedRequest.Parse((await alice.GetAsync("/", configure: SignInTests.AcceptJson)).Body);

        var user = echo.Header("X-Forwarded-User")!;
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":upstream-pw"));
        Assert.Equal("Basic … " + DemoPage.Fingerprint(credentials), echo.Header("Authorization"));
    }

    [Fact]
    public async Task PassUserHeadersOff_SendsNoIdentityHeadersUpstream_EvenForgedOnes()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["pass_user_headers"] = false;
            s["pass_basic_auth"] = false;
        });
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var echo = EchoedRequest.Parse((await alice.GetAsync("/", configure: request =>
        {
            SignInTests.AcceptJson(request);
            request.Headers.TryAddWithoutValidation("X-Forwarded-Email", "mallory@evil.test");
        })).Body);

        Assert.Null(echo.Header("X-Forwarded-Email"));
        Assert.Null(echo.Header("X-Forwarded-User"));
    }

    [Fact]
    public async Task SkipAuthStripHeadersOff_StillNeverLetsAForgedIdentityHeaderThrough()
    {
        // oauth2-proxy would keep the client's copy beside its own; Lanyard keeps only client copies of headers it
        // does not reserve for identity, so turning the strip off cannot make a forged email reach the app.
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["skip_auth_strip_headers"] = false);
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var echo = EchoedRequest.Parse((await alice.GetAsync("/", configure: request =>
        {
            SignInTests.AcceptJson(request);
            request.Headers.TryAddWithoutValidation("X-Forwarded-Email", "mallory@evil.test");
        })).Body);

        Assert.Equal("alice@contoso.test", echo.Header("X-Forwarded-Email"));
    }
}
