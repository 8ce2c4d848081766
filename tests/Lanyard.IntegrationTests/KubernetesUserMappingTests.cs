using Lanyard.Emulator;
using Lanyard.Kubernetes;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lanyard.IntegrationTests;

/// <summary>
/// The TokenReview webhook's user mapping (AKS's rules, kubernetes-authn.md §2.4) for tokens the emulator issues in
/// both versions: a home-tenant member by UPN, anyone from another tenant by object id, the claim and prefixes
/// configurable. The wire contract is tested end to end in TokenReviewWebhookTests; this is who comes out.
/// </summary>
public sealed class KubernetesUserMappingTests
{
    private static string ApiScope => $"api://{LanyardTestEnvironment.ClientId}/access_as_user";

    private static Task<LanyardTestEnvironment> StartAsync(int tokenVersion, Action<Dictionary<string, object>>? configure = null) =>
        LanyardTestEnvironment.StartAsync(configure, registerApplication: app => app with { AccessTokenAcceptedVersion = tokenVersion });

    private static async Task<KubernetesUser> UserAsync(LanyardTestEnvironment env, string user, string tenant = DemoDirectory.ContosoTenantId)
    {
        var token = await EmulatorTokenClient.AccessTokenAsync(env, user, ApiScope, tenant);
        var verdict = await env.Proxy.Services.GetRequiredService<KubernetesTokenReviewer>().ReviewAsync(token, null, TestContext.Current.CancellationToken);
        return Assert.IsType<TokenReviewVerdict.Authenticated>(verdict).User;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AHomeTenantMember_IsNamedByUpn_InEitherTokenVersion(int version)
    {
        await using var env = await StartAsync(version);

        var alice = await UserAsync(env, DemoDirectory.AliceUserPrincipalName);

        Assert.Equal((DemoDirectory.AliceUserPrincipalName, DemoDirectory.AliceObjectId), (alice.Username, alice.Uid));
        Assert.Contains(DemoDirectory.AdminsGroupId, alice.Groups);
        Assert.Equal([DemoDirectory.ContosoTenantId], alice.Extra["tid"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task SomeoneFromAnotherTenant_IsNamedByObjectId(int version)
    {
        await using var env = await StartAsync(version, s =>
        {
            s["oidc_issuer_url"] = "https://login.emulator.test/common/v2.0";
            s["insecure_oidc_skip_issuer_verification"] = true;
            s["entra_id_allowed_tenants"] = new List<string> { DemoDirectory.ContosoTenantId, DemoDirectory.FabrikamTenantId };
        });

        var carol = await UserAsync(env, DemoDirectory.CarolUserPrincipalName, "common");
        var alice = await UserAsync(env, DemoDirectory.AliceUserPrincipalName, "common");

        Assert.Equal((DemoDirectory.CarolObjectId, DemoDirectory.CarolObjectId), (carol.Username, carol.Uid));
        Assert.Equal([DemoDirectory.FabrikamTenantId], carol.Extra["tid"]);

        // A multi-tenant issuer names no home tenant, so no one is a home-tenant member: Alice too is her object id
        // (what config check says), never a UPN that another tenant could also issue.
        Assert.Equal(DemoDirectory.AliceObjectId, alice.Username);
    }

    [Fact]
    public async Task TheClaimAndThePrefixes_AreConfigurable()
    {
        await using var env = await StartAsync(2, s =>
        {
            s["kube_username_claim"] = "oid";
            s["kube_username_prefix"] = "entra:";
            s["kube_groups_prefix"] = "entra-group:";
        });

        var alice = await UserAsync(env, DemoDirectory.AliceUserPrincipalName);

        Assert.Equal("entra:" + DemoDirectory.AliceObjectId, alice.Username);
        Assert.Contains("entra-group:" + DemoDirectory.AdminsGroupId, alice.Groups);
        Assert.All(alice.Groups, g => Assert.StartsWith("entra-group:", g, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATokenForAnotherAudience_IsRefused_SayingSo()
    {
        await using var env = await StartAsync(2, s => s["kube_audiences"] = new List<string> { "api://some-other-cluster" });
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);

        var verdict = await env.Proxy.Services.GetRequiredService<KubernetesTokenReviewer>().ReviewAsync(token, null, TestContext.Current.CancellationToken);

        Assert.Contains("issued for another application", Assert.IsType<TokenReviewVerdict.Refused>(verdict).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReviewForAnApiAudienceWeServe_IsAnsweredForThoseAudiences_AndOneForNoneIsRefused()
    {
        await using var env = await StartAsync(2, s => s["kube_api_audiences"] = new List<string> { "https://kubernetes.default.svc", "api-b" });
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        var reviewer = env.Proxy.Services.GetRequiredService<KubernetesTokenReviewer>();

        var served = Assert.IsType<TokenReviewVerdict.Authenticated>(await reviewer.ReviewAsync(token, ["https://kubernetes.default.svc", "some-other-api"], TestContext.Current.CancellationToken));
        var other = Assert.IsType<TokenReviewVerdict.Refused>(await reviewer.ReviewAsync(token, ["some-other-api"], TestContext.Current.CancellationToken));

        // status.audiences: only those of the review's this webhook serves.
        Assert.Equal(["https://kubernetes.default.svc"], served.Audiences);
        Assert.Equal(DemoDirectory.AliceUserPrincipalName, served.User.Username);
        Assert.Contains("kube_api_audiences", other.Reason, StringComparison.Ordinal);
    }
}
