using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 9, finding 1, as reproduced: Mallory of Fabrikam, whose mail attribute is alice@contoso.test, signs in to a
/// multi-tenant app that pins no tenant. Entra does not verify that address, so Lanyard must not pass her as Alice.
/// </summary>
public sealed class EmailTrustTests
{
    private static Action<Dictionary<string, object>> MultiTenant(string emailDomain = "*", params string[] allowedTenants) => s =>
    {
        s["oidc_issuer_url"] = $"{LanyardTestEnvironment.EmulatorUrl.GetLeftPart(UriPartial.Authority)}/common/v2.0";
        s["insecure_oidc_skip_issuer_verification"] = true;
        s["email_domains"] = new List<string> { emailDomain };
        if (allowedTenants.Length > 0)
        {
            s["entra_id_allowed_tenants"] = allowedTenants.ToList();
        }
    };

    private static Func<EmulatorApplication, EmulatorApplication> AsksForXmsEdov => app => app with { OptionalClaims = [EmulatorApplication.XmsEdov] };

    [Fact]
    public async Task UnverifiedEmailFromAnUnpinnedTenant_DoesNotPassEmailDomains()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(MultiTenant("contoso.test"));
        using var mallory = env.Browser();

        var result = await mallory.SignInAsync(DemoDirectory.MalloryUserPrincipalName);

        Assert.Equal(HttpStatusCode.Forbidden, result.StatusCode);
        Assert.Contains("cannot be trusted", result.Body, StringComparison.Ordinal);
        Assert.Contains("email_domains", result.Body, StringComparison.Ordinal);
        Assert.Null(mallory.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task UnverifiedEmail_IsNotSentUpstream_NorToTheGateway()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(MultiTenant());
        using var mallory = env.Browser();
        await mallory.SignInAsync(DemoDirectory.MalloryUserPrincipalName);

        var upstream = await mallory.GetAsync("/orders", configure: r => { r.Headers.Accept.Clear(); r.Headers.Accept.ParseAdd("application/json"); });
        var auth = await mallory.GetAsync("/oauth2/auth", followRedirects: false);
        var perLocation = await mallory.GetAsync("/oauth2/auth?allowed_email_domains=contoso.test", followRedirects: false);

        var echo = EchoedRequest.Parse(upstream.Body);
        Assert.Null(echo.Header("X-Forwarded-Email"));
        Assert.NotEqual(DemoDirectory.AliceUserPrincipalName, echo.Header("X-Forwarded-User"));
        Assert.Equal("", auth.Header("X-Auth-Request-Email"));
        Assert.DoesNotContain(DemoDirectory.AliceUserPrincipalName, auth.Header("GAP-Auth"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, perLocation.StatusCode);
    }

    [Fact]
    public async Task XmsEdov_LetsAVerifiedAddressThrough_AndKeepsMalloryOut()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(MultiTenant("contoso.test"), registerApplication: AsksForXmsEdov);
        using var alice = env.Browser();
        using var mallory = env.Browser();

        var aliceResult = await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var malloryResult = await mallory.SignInAsync(DemoDirectory.MalloryUserPrincipalName);

        Assert.Equal(HttpStatusCode.OK, aliceResult.StatusCode);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, (await alice.GetAsync("/oauth2/auth", followRedirects: false)).Header("X-Auth-Request-Email"));
        Assert.Equal(HttpStatusCode.Forbidden, malloryResult.StatusCode);
        Assert.Contains("xms_edov", malloryResult.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MembersOfAPinnedTenant_AreTrusted_SoPinOnlyTenantsWhoseAdministratorsYouTrust()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(MultiTenant("contoso.test", DemoDirectory.ContosoTenantId));
        using var alice = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, (await alice.GetAsync("/oauth2/auth", followRedirects: false)).Header("X-Auth-Request-Email"));
    }

    [Fact]
    public async Task InsecureOidcAllowUnverifiedEmail_TrustsEntrasEmailAsBefore()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            MultiTenant("contoso.test")(s);
            s["insecure_oidc_allow_unverified_email"] = true;
        });
        using var mallory = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await mallory.SignInAsync(DemoDirectory.MalloryUserPrincipalName)).StatusCode);
    }
}
