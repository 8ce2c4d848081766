using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>Single- and multi-tenant issuer rules, allowed tenants, and a sovereign cloud's hosts.</summary>
public sealed class EntraTenantTests
{
    private static void MultiTenant(Dictionary<string, object> settings)
    {
        settings["oidc_issuer_url"] = "https://login.emulator.test/common/v2.0";
        settings["insecure_oidc_skip_issuer_verification"] = true;
    }

    [Fact]
    public async Task MultiTenantApp_SignsInUsersOfEveryTenant()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(MultiTenant);
        using var alice = env.Browser();
        using var carol = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.SignInAsync(DemoDirectory.CarolUserPrincipalName)).StatusCode);
        var auth = await carol.GetAsync("/oauth2/auth", followRedirects: false);
        Assert.False(string.IsNullOrEmpty(auth.Header("X-Auth-Request-User")));
        // No tenant pinned and no xms_edov: Entra does not vouch for her email, so it is not passed on (issue 9).
        Assert.Equal("", auth.Header("X-Auth-Request-Email"));
    }

    [Fact]
    public async Task AllowedTenants_RefuseOtherTenants_WithAPageThatSaysSo()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            MultiTenant(s);
            s["entra_id_allowed_tenants"] = new List<string> { DemoDirectory.ContosoTenantId };
        });
        using var alice = env.Browser();
        using var carol = env.Browser();

        var carolResult = await carol.SignInAsync(DemoDirectory.CarolUserPrincipalName);

        Assert.Equal(HttpStatusCode.OK, (await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, carolResult.StatusCode);
        Assert.Contains("entra_id_allowed_tenants", carolResult.Body, StringComparison.Ordinal);
        Assert.Contains(DemoDirectory.FabrikamTenantId, carolResult.Body, StringComparison.Ordinal);
        Assert.Null(carol.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task CommonWithoutTheSkipFlag_ChecksEntrasIssuerTemplate_AndSignsInEveryTenantsUsers()
    {
        // As Microsoft.Identity.Web does: the discovery document's {tenantid} template is Entra's own, so no
        // "insecure" flag is needed; each token must still name its own tenant's issuer, and none is pinned.
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["oidc_issuer_url"] = "https://login.emulator.test/common/v2.0");
        using var alice = env.Browser();
        using var carol = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.SignInAsync(DemoDirectory.CarolUserPrincipalName)).StatusCode);
        var auth = await carol.GetAsync("/oauth2/auth", followRedirects: false);
        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.Equal("", auth.Header("X-Auth-Request-Email"));
    }

    [Fact]
    public async Task CommonWithADiscoveredIssuerOfAnotherHost_IsNotReady()
    {
        // The emulator names its issuers with another host than the configured authority's: not the Entra configured.
        await using var env = await LanyardTestEnvironment.StartAsync(
            s => s["oidc_issuer_url"] = "https://login.emulator.test/common/v2.0",
            emulatorOptions: new EntraEmulatorOptions { IssuerHost = "login.microsoftonline.com" });
        using var browser = env.Browser();

        var start = await browser.GetAsync("/oauth2/start", followRedirects: false);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, start.StatusCode);
    }

    [Fact]
    public async Task SingleTenantApp_RefusesASignInCompletedAtAnotherTenant()
    {
        // Configured for fabrikam; the browser is steered to contoso's authorize endpoint instead. The code is
        // contoso's, and redeeming it at fabrikam's token endpoint fails (the issuer check behind it is unit-tested).
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["oidc_issuer_url"] = $"https://login.emulator.test/{DemoDirectory.FabrikamTenantId}/v2.0");
        using var browser = env.Browser();
        var authorize = await browser.StartSignInAsync(DemoDirectory.AliceUserPrincipalName);
        var contosoAuthorize = new Uri(authorize.AbsoluteUri.Replace(DemoDirectory.FabrikamTenantId, DemoDirectory.ContosoTenantId, StringComparison.Ordinal));

        var result = await browser.GetAsync(await browser.AuthorizeAtProviderAsync(contosoAuthorize));

        Assert.Equal(HttpStatusCode.Forbidden, result.StatusCode);
        Assert.Contains("invalid_grant", result.Body, StringComparison.Ordinal);
        Assert.Null(browser.Cookie("_oauth2_proxy"));
    }

    [Fact]
    public async Task UsGovernmentCloud_UsesItsOwnAuthorityAndGraphHosts()
    {
        var login = new Uri("https://login.microsoftonline.us/");
        var graph = new Uri("https://graph.microsoft.us/");
        await using var env = await LanyardTestEnvironment.StartAsync(
            s => s.Remove("entra_id_graph_url"), // the cloud table must supply graph.microsoft.us
            emulatorUrl: login,
            graphUrl: graph);
        using var browser = env.Browser();

        var landing = await browser.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal(new Uri("https://graph.microsoft.us/"), env.Options.Provider.EntraId.GraphUrl);
        Assert.Contains(landing.Hops, h => h.Url.Host == "login.microsoftonline.us");
    }
}
