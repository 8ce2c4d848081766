using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary>oidc_email_claim, oidc_groups_claim and the deprecated user_id_claim, with oauth2-proxy's compatibility rule.</summary>
public sealed class ClaimOptionTests
{
    [Fact]
    public async Task GroupsClaim_NamesWhereGroupsComeFrom()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["oidc_groups_claim"] = "tid");
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var auth = await alice.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        // Any claim will do, a single string too: the tenant id stands in for a custom groups claim.
        Assert.Equal(DemoDirectory.ContosoTenantId, auth.Header("X-Auth-Request-Groups"));
    }

    [Fact]
    public async Task UserIdClaimOid_BecomesTheEmailClaim_AsTheUsualEntraWorkaroundExpects()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s => s["user_id_claim"] = "oid");
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var auth = await alice.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(HttpStatusCode.Accepted, auth.StatusCode);
        Assert.True(Guid.TryParse(auth.Header("X-Auth-Request-Email"), out _), $"expected alice's object id, got '{auth.Header("X-Auth-Request-Email")}'");
    }

    [Fact]
    public async Task EmailClaim_WinsOverUserIdClaim_WhenBothAreSet()
    {
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["oidc_email_claim"] = "preferred_username";
            s["user_id_claim"] = "oid";
        });
        using var alice = env.Browser();
        await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);

        var auth = await alice.GetAsync("/oauth2/auth", followRedirects: false);

        Assert.Equal(DemoDirectory.AliceUserPrincipalName, auth.Header("X-Auth-Request-Email"));
    }
}
