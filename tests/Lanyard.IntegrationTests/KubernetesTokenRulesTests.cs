using System.Text.Json;
using Lanyard.Emulator;
using Lanyard.Kubernetes;
using Lanyard.Providers.Oidc;
using Lanyard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Issue 12's token rules at the TokenReview webhook, each a "no" with a reason where it applies: no <c>system:</c>
/// user names, the server app's three audience forms and no other app's, <c>nbf</c>/<c>exp</c> with the clock skew,
/// service principals only when <c>bearer_token_allow_applications</c> says so (named by object id, never with a
/// group overage the webhook cannot read), and the tenant allow-list.
/// </summary>
public sealed class KubernetesTokenRulesTests
{
    private static string ClientId => LanyardTestEnvironment.ClientId;

    private static string ApiScope => $"api://{ClientId}/access_as_user";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<LanyardTestEnvironment> StartAsync(int tokenVersion, Action<Dictionary<string, object>>? configure = null, TimeProvider? proxyTime = null) =>
        LanyardTestEnvironment.StartAsync(configure, proxyTime: proxyTime, registerApplication: app => app with { AccessTokenAcceptedVersion = tokenVersion });

    private static Task<TokenReviewVerdict> ReviewAsync(LanyardTestEnvironment env, string token) =>
        env.Proxy.Services.GetRequiredService<KubernetesTokenReviewer>().ReviewAsync(token, null, Cancel);

    /// <summary>A v2.0 access token for the cluster's app signed with the emulator's active key, with <paramref name="claims"/> added, replaced or (null) removed.</summary>
    private static string Mint(LanyardTestEnvironment env, Dictionary<string, object?> claims)
    {
        var keys = env.Emulator.Services.GetRequiredService<SigningKeys>();
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["aud"] = ClientId,
            ["iss"] = $"https://login.emulator.test/{DemoDirectory.ContosoTenantId}/v2.0",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3600,
            ["azp"] = ClientId,
            ["azpacr"] = "1",
            ["oid"] = DemoDirectory.AliceObjectId,
            ["sub"] = "pairwise-subject",
            ["preferred_username"] = DemoDirectory.AliceUserPrincipalName,
            ["scp"] = "access_as_user",
            ["tid"] = DemoDirectory.ContosoTenantId,
            ["ver"] = "2.0",
        };
        foreach (var (name, value) in claims)
        {
            if (value is null)
            {
                payload.Remove(name);
            }
            else
            {
                payload[name] = value;
            }
        }

        return keys.SignToken($$"""{"typ":"JWT","alg":"RS256","kid":"{{keys.ActiveKeyId}}"}""", JsonSerializer.Serialize(payload));
    }

    // --- system: names ---

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AUserWhoseNameWouldStartWithSystem_IsRefused_WithA200AndTheReason(int version)
    {
        await using var env = await StartAsync(version);
        var (Upn, _) = TokenReviewCall.AddSystemLookingUser(env);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, Upn, ApiScope);

        // The emulator did issue it with that name: a home-tenant member is named by UPN, so this is the one rule that stops it.
        var claims = new JsonWebToken(token);
        Assert.Equal(Upn, OidcProviderEvents.Claim(claims, version == 1 ? "upn" : "preferred_username"));
        var refused = Assert.IsType<TokenReviewVerdict.Refused>(await ReviewAsync(env, token));
        var (status, review) = await TokenReviewCall.PostAsync(env, token);

        Assert.Contains("'system:'", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(200, status);
        Assert.False(review.GetProperty("authenticated").GetBoolean());
        Assert.False(review.TryGetProperty("user", out _));
        Assert.Contains("'system:'", review.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConfiguredUsernameClaimThatYieldsSystem_IsRefusedToo()
    {
        await using var env = await StartAsync(2, s => s["kube_username_claim"] = "preferred_username");
        var token = Mint(env, new() { ["preferred_username"] = "system:kube-controller-manager" });

        var refused = Assert.IsType<TokenReviewVerdict.Refused>(await ReviewAsync(env, token));

        Assert.Contains("'system:'", refused.Reason, StringComparison.Ordinal);
    }

    // --- audiences ---

    [Theory]
    [InlineData(1, "{0}/access_as_user", "{0}")]
    [InlineData(1, "api://{0}/access_as_user", "api://{0}")]
    [InlineData(1, "spn:{0}/access_as_user", "spn:{0}")]
    [InlineData(2, "api://{0}/access_as_user", "{0}")]
    public async Task EachAudienceFormOfTheServerApp_IsAcceptedByDefault(int version, string scope, string audience)
    {
        await using var env = await StartAsync(version);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, string.Format(System.Globalization.CultureInfo.InvariantCulture, scope, ClientId));

        var alice = Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token)).User;

        Assert.Equal([string.Format(System.Globalization.CultureInfo.InvariantCulture, audience, ClientId)], new JsonWebToken(token).Audiences);
        Assert.Equal(DemoDirectory.AliceObjectId, alice.Uid);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("api://{0}")]
    [InlineData("spn:{0}")]
    public async Task AnotherAppsAudience_IsRefused_InEachForm(string audience)
    {
        await using var env = await StartAsync(2);
        var token = Mint(env, new() { ["aud"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, audience, DemoDirectory.DevClientId) });

        var refused = Assert.IsType<TokenReviewVerdict.Refused>(await ReviewAsync(env, token));

        Assert.Contains("issued for another application", refused.Reason, StringComparison.Ordinal);
    }

    // --- nbf / exp with the clock skew ---

    [Fact]
    public async Task NotBeforeAndExpiry_AreHonouredWithTheClockSkew_AndNoMore()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow() - TimeSpan.FromHours(1));
        await using var env = await StartAsync(2, proxyTime: time);
        var token = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope);
        var (notBefore, expires) = (new DateTimeOffset(new JsonWebToken(token).ValidFrom), new DateTimeOffset(new JsonWebToken(token).ValidTo));
        var skew = IdTokenValidator.ClockSkew;
        var second = TimeSpan.FromSeconds(1);

        // The webhook's clock is behind the issuer's: further than the skew, the token is not valid yet.
        time.SetUtcNow(notBefore - skew - second);
        Assert.Contains("not valid yet", Assert.IsType<TokenReviewVerdict.Refused>(await ReviewAsync(env, token)).Reason, StringComparison.Ordinal);

        time.SetUtcNow(notBefore - skew + second);
        Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token));

        // Past exp, within the skew: still good; beyond it: expired.
        time.SetUtcNow(expires + skew - second);
        Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token));

        time.SetUtcNow(expires + skew + second);
        Assert.Contains("has expired", Assert.IsType<TokenReviewVerdict.Refused>(await ReviewAsync(env, token)).Reason, StringComparison.Ordinal);
    }

    // --- service principals ---

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AnAppOnlyToken_IsRefused_UnlessApplicationsAreAllowed(int version)
    {
        await using var env = await StartAsync(version);
        var token = await EmulatorTokenClient.AppOnlyTokenAsync(env, $"api://{ClientId}/.default");
        Assert.Equal("app", OidcProviderEvents.Claim(new JsonWebToken(token), "idtyp"));

        var refused = Assert.IsType<TokenReviewVerdict.Refused>(await ReviewAsync(env, token));

        Assert.Contains("bearer_token_allow_applications", refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task WhenApplicationsAreAllowed_AServicePrincipal_IsNamedByItsObjectId_WithThePrefix(int version)
    {
        await using var env = await StartAsync(version, s =>
        {
            s["bearer_token_allow_applications"] = true;
            s["kube_username_prefix"] = "aad:";
        });
        var token = await EmulatorTokenClient.AppOnlyTokenAsync(env, $"api://{ClientId}/.default");
        var servicePrincipal = OidcProviderEvents.Claim(new JsonWebToken(token), "oid");

        var sp = Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, token)).User;

        Assert.NotNull(servicePrincipal);
        Assert.NotEqual(ClientId, servicePrincipal);
        Assert.Equal(("aad:" + servicePrincipal, servicePrincipal), (sp.Username, sp.Uid));
        Assert.Equal([servicePrincipal], sp.Extra["oid"]);
        Assert.False(sp.Extra.ContainsKey("scp"));
    }

    [Theory]
    [InlineData("hasgroups")]
    [InlineData("_claim_names")]
    public async Task AServicePrincipalWithAGroupOverage_IsRefused_WithoutAskingGraph(string overage)
    {
        await using var env = await StartAsync(2, s => s["bearer_token_allow_applications"] = true);
        const string ServicePrincipal = "5e71ce00-0000-4000-8000-00000000000b";
        // An app-only token's shape: idtyp app, roles, no scp and no user names.
        var claims = new Dictionary<string, object?>
        {
            ["idtyp"] = "app", ["oid"] = ServicePrincipal, ["sub"] = ServicePrincipal, ["roles"] = new[] { "Cluster.Access" },
            ["scp"] = null, ["preferred_username"] = null,
        };
        claims[overage] = overage == "hasgroups"
            ? true
            : new Dictionary<string, string> { ["groups"] = "src1" };
        if (overage == "_claim_names")
        {
            claims["_claim_sources"] = new Dictionary<string, object> { ["src1"] = new Dictionary<string, string> { ["endpoint"] = $"https://graph.microsoft.com/v1.0/servicePrincipals/{ServicePrincipal}/getMemberObjects" } };
        }

        var token = Mint(env, claims);
        var graphBefore = env.Emulator.Services.GetRequiredService<EmulatorStatistics>().GraphRequests;
        foreach (var name in new[] { "scp", "preferred_username" })
        {
            Assert.DoesNotContain(name, new JsonWebToken(token).Claims.Select(c => c.Type));
        }

        var refused = Assert.IsType<TokenReviewVerdict.Refused>(await ReviewAsync(env, token));

        Assert.Contains("service principal", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("group overage", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(graphBefore, env.Emulator.Services.GetRequiredService<EmulatorStatistics>().GraphRequests);
    }

    // --- tenant allow-list ---

    [Fact]
    public async Task ATokenFromATenantNotInTheAllowList_IsRefused_WithA200AndTheReason()
    {
        await using var env = await StartAsync(2, s =>
        {
            s["oidc_issuer_url"] = "https://login.emulator.test/common/v2.0";
            s["insecure_oidc_skip_issuer_verification"] = true;
            s["entra_id_allowed_tenants"] = new List<string> { DemoDirectory.ContosoTenantId };
        });
        var carol = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.CarolUserPrincipalName, ApiScope, "common");
        var alice = await EmulatorTokenClient.AccessTokenAsync(env, DemoDirectory.AliceUserPrincipalName, ApiScope, "common");

        var refused = Assert.IsType<TokenReviewVerdict.Refused>(await ReviewAsync(env, carol));
        var (status, review) = await TokenReviewCall.PostAsync(env, carol);

        Assert.Contains(DemoDirectory.FabrikamTenantId, refused.Reason, StringComparison.Ordinal);
        Assert.Contains("entra_id_allowed_tenants", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(200, status);
        Assert.False(review.GetProperty("authenticated").GetBoolean());
        Assert.Contains("entra_id_allowed_tenants", review.GetProperty("error").GetString(), StringComparison.Ordinal);

        // The allowed tenant still passes.
        Assert.Equal(DemoDirectory.AliceObjectId, Assert.IsType<TokenReviewVerdict.Authenticated>(await ReviewAsync(env, alice)).User.Uid);
    }
}
