using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 9, finding 5: a session is bound to provider, client id, issuer and tenant, and today's configuration is
/// applied to it on every request. A cookie minted by a replica that allowed another tenant (same cookie secret)
/// is no session on one that does not, which is also what removing a tenant from the list does to its sessions.
/// </summary>
public sealed class SessionBindingAcrossReplicasTests
{
    private static readonly Uri Strict = new("https://strict.proxy.test/");

    private static void MultiTenant(Dictionary<string, object> s, params string[] allowedTenants)
    {
        s["oidc_issuer_url"] = $"{LanyardTestEnvironment.EmulatorUrl.GetLeftPart(UriPartial.Authority)}/common/v2.0";
        s["insecure_oidc_skip_issuer_verification"] = true;
        s["entra_id_allowed_tenants"] = allowedTenants.ToList();
    }

    private static async Task<HttpStatusCode> AuthAsync(LanyardTestEnvironment env, Uri proxy, string sessionCookie)
    {
        using var client = new HttpClient(env.Network.CreateHandler());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(proxy, "/oauth2/auth"));
        request.Headers.Add("Cookie", "_oauth2_proxy=" + sessionCookie);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Fact]
    public async Task CookieFromAReplicaThatAllowedAnotherTenant_IsNoSessionHere()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => MultiTenant(s, DemoDirectory.ContosoTenantId, DemoDirectory.FabrikamTenantId));
        await env.StartAnotherProxyAsync(Strict, s => MultiTenant(s, DemoDirectory.ContosoTenantId));
        using var carol = env.Browser();
        using var alice = env.Browser();
        Assert.Equal(HttpStatusCode.OK, (await carol.SignInAsync(DemoDirectory.CarolUserPrincipalName)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, await AuthAsync(env, LanyardTestEnvironment.ProxyUrl, carol.Cookie("_oauth2_proxy")!));
        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(env, Strict, carol.Cookie("_oauth2_proxy")!));
        Assert.Equal(HttpStatusCode.Accepted, await AuthAsync(env, Strict, alice.Cookie("_oauth2_proxy")!));
    }

    [Fact]
    public async Task CookieMadeForAnotherAppRegistration_IsNoSessionHere()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        await env.StartAnotherProxyAsync(Strict, s => s["client_id"] = DemoDirectory.DevClientId);
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(env, Strict, alice.Cookie("_oauth2_proxy")!));
    }

    [Fact]
    public async Task SingleTenantReplica_RefusesAMultiTenantReplicasSessionOfAnotherTenant()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => MultiTenant(s));
        await env.StartAnotherProxyAsync(Strict, _ => { }); // the default: single tenant, contoso.test
        using var carol = env.Browser();
        await carol.SignInAsync(DemoDirectory.CarolUserPrincipalName);

        Assert.Equal(HttpStatusCode.Unauthorized, await AuthAsync(env, Strict, carol.Cookie("_oauth2_proxy")!));
    }
}
