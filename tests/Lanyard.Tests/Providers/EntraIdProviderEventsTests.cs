using Lanyard.Configuration;
using Lanyard.Providers.Entra;
using Lanyard.Providers.Oidc;
using Lanyard.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Tests.Providers;

public sealed class EntraIdProviderEventsTests
{
    private const string Contoso = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";
    private const string Fabrikam = "f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60";

    private static ProviderOptions Options(string issuer, bool skip, params string[] allowedTenants) => new(
        ProviderType.EntraId, "Microsoft Entra ID", new Uri(issuer), "client", new ClientCredentialOptions.ClientSecret(new Secret("s")),
        ["openid"], null, skip, new EntraIdOptions(allowedTenants, null));

    private static EntraIdProviderEvents Events(ProviderOptions options) =>
        new(options, new ResolveGroupOverage(options, null!, TimeProvider.System, NullLogger<ResolveGroupOverage>.Instance));

    // Unsigned: these checks run after signature validation and look only at claims.
    private static JsonWebToken Token(object claims) =>
        new(new JsonWebTokenHandler().CreateToken(System.Text.Json.JsonSerializer.Serialize(claims)));

    [Fact]
    public void TokenFromItsOwnTenantsIssuer_Passes()
    {
        var options = Options("https://login.microsoftonline.com/common/v2.0", skip: true);
        Assert.Null(Events(options).ValidateIdToken(Token(new { iss = $"https://login.microsoftonline.com/{Contoso}/v2.0", tid = Contoso }), options));
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/{other}/v2.0")]
    [InlineData("https://evil.example/{tid}/v2.0")]
    [InlineData("https://login.microsoftonline.com/{tid}/v2.0/")]
    [InlineData("https://login.microsoftonline.com/{tid}")]
    [InlineData("https://sts.windows.net/{tid}/")]
    [InlineData("https://login.microsoftonline.com/{tenantid}/v2.0")]
    public void IssuerThatIsNotTheTokensOwnTenant_IsRefused_EvenWithIssuerVerificationSkipped(string issuer)
    {
        var options = Options("https://login.microsoftonline.com/common/v2.0", skip: true);
        var iss = issuer.Replace("{tid}", Contoso, StringComparison.Ordinal).Replace("{other}", Fabrikam, StringComparison.Ordinal);
        Assert.Contains("issuer", Events(options).ValidateIdToken(Token(new { iss, tid = Contoso }), options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("contoso.onmicrosoft.com")]
    [InlineData("")]
    public void TokenWithoutAGuidTenant_IsRefused(string? tid)
    {
        var options = Options("https://login.microsoftonline.com/common/v2.0", skip: true);
        var token = tid is null ? Token(new { iss = "https://login.microsoftonline.com/x/v2.0" }) : Token(new { iss = $"https://login.microsoftonline.com/{tid}/v2.0", tid });
        Assert.Contains("tenant", Events(options).ValidateIdToken(token, options), StringComparison.Ordinal);
    }

    [Fact]
    public void SovereignCloudIssuer_IsCheckedAgainstItsOwnAuthority()
    {
        var options = Options("https://login.microsoftonline.us/common/v2.0", skip: true);
        var events = Events(options);
        Assert.Null(events.ValidateIdToken(Token(new { iss = $"https://login.microsoftonline.us/{Contoso}/v2.0", tid = Contoso }), options));
        Assert.NotNull(events.ValidateIdToken(Token(new { iss = $"https://login.microsoftonline.com/{Contoso}/v2.0", tid = Contoso }), options));
    }

    [Fact]
    public void AllowedTenants_AdmitOnlyThoseTenants()
    {
        var options = Options("https://login.microsoftonline.com/common/v2.0", skip: true, Contoso, EntraTenants.PersonalAccounts);
        var events = Events(options);
        Assert.Null(events.ValidateIdToken(Token(new { iss = $"https://login.microsoftonline.com/{Contoso}/v2.0", tid = Contoso }), options));
        Assert.Null(events.ValidateIdToken(Token(new { iss = $"https://login.microsoftonline.com/{EntraTenants.PersonalAccounts}/v2.0", tid = EntraTenants.PersonalAccounts }), options));
        Assert.Contains("entra_id_allowed_tenants", events.ValidateIdToken(Token(new { iss = $"https://login.microsoftonline.com/{Fabrikam}/v2.0", tid = Fabrikam }), options), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingEmail_FallsBackToAnEmailShapedUsername()
    {
        // Pinned tenant, so Entra's word for the address is trusted (issue 9); the fallback is what is tested here.
        var options = Options("https://login.microsoftonline.com/common/v2.0", skip: true, Contoso);
        var identity = Events(options).CreateIdentity(Token(new { sub = "s", tid = Contoso, preferred_username = "svc@contoso.test" }));
        Assert.Equal("svc@contoso.test", identity.Email);
        Assert.Null(Events(options).CreateIdentity(Token(new { sub = "s", tid = Contoso, preferred_username = "not-an-email" })).Email);
    }

    [Theory]
    [InlineData("""{"_claim_names":{"groups":"src1"},"_claim_sources":{"src1":{"endpoint":"https://graph.windows.net/x/users/y/getMemberObjects"}}}""", true)]
    [InlineData("""{"hasgroups":true}""", true)]
    [InlineData("""{"groups":["a","b"]}""", false)]
    [InlineData("""{"_claim_names":{"other":"src1"}}""", false)]
    public void OverageIndicator_IsRecognized(string payload, bool overage) =>
        Assert.Equal(overage, ResolveGroupOverage.HasOverage(new JsonWebToken(new JsonWebTokenHandler().CreateToken(payload))));

    [Theory]
    [InlineData("https://login.microsoftonline.com/common/v2.0", "1.0", "https://sts.windows.net/{tid}/")]
    [InlineData("https://login.microsoftonline.com/common/v2.0", "2.0", "https://login.microsoftonline.com/{tid}/v2.0")]
    [InlineData("https://login.chinacloudapi.cn/common/v2.0", "1.0", "https://sts.chinacloudapi.cn/{tid}/")]
    [InlineData("http://127.0.0.1:4181/common/v2.0", "1.0", "http://127.0.0.1:4181/{tid}/")]
    public void AccessTokenIssuer_FollowsItsVersion(string configured, string version, string issuer)
    {
        var options = Options(configured, skip: true);
        var token = Token(new { iss = issuer.Replace("{tid}", Contoso, StringComparison.Ordinal), tid = Contoso, ver = version });
        Assert.Null(Events(options).ValidateAccessToken(token, options, "ignored"));
    }

    [Theory]
    [InlineData("1.0", "https://login.microsoftonline.com/{tid}/v2.0")]
    [InlineData("2.0", "https://sts.windows.net/{tid}/")]
    [InlineData("1.0", "https://sts.windows.net/{other}/")]
    [InlineData(null, "https://sts.windows.net/{tid}/")]
    public void AccessTokenWithTheWrongIssuerForItsVersionOrTenant_IsRefused(string? version, string issuer)
    {
        var options = Options("https://login.microsoftonline.com/common/v2.0", skip: true);
        var iss = issuer.Replace("{tid}", Contoso, StringComparison.Ordinal).Replace("{other}", Fabrikam, StringComparison.Ordinal);
        var token = version is null ? Token(new { iss, tid = Contoso }) : Token(new { iss, tid = Contoso, ver = version });
        Assert.NotNull(Events(options).ValidateAccessToken(token, options, null));
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/common/v2.0", "https://login.microsoftonline.com/{tenantid}/v2.0")]
    [InlineData("https://login.microsoftonline.com/organizations/v2.0", "https://login.microsoftonline.com/{tenantid}/v2.0")]
    [InlineData("https://login.microsoftonline.us/common/v2.0", "https://login.microsoftonline.us/{tenantid}/v2.0")]
    public void MultiTenantEndpoint_AcceptsEntrasIssuerTemplate_WithoutSkippingIssuerVerification(string configured, string discovered)
    {
        var options = Options(configured, skip: false);
        var events = Events(options);
        var host = new Uri(configured).Host;

        Assert.Null(events.ValidateDiscoveredIssuer(discovered, options));
        // The template is not a token's issuer: each token must name its own tenant's, and another tenant's is allowed.
        Assert.Null(events.ValidateIdToken(Token(new { iss = $"https://{host}/{Fabrikam}/v2.0", tid = Fabrikam }), options));
        Assert.Null(events.ValidateAccessToken(Token(new { iss = $"https://{host}/{Fabrikam}/v2.0", tid = Fabrikam, ver = "2.0" }), options, discovered));
        Assert.Contains("issuer", events.ValidateIdToken(Token(new { iss = discovered, tid = Contoso }), options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/common/v2.0", "https://evil.example/{tenantid}/v2.0")]
    [InlineData("https://login.microsoftonline.com/common/v2.0", "https://login.microsoftonline.com/{tenantid}")]
    [InlineData("https://login.microsoftonline.com/common/v2.0", "https://login.microsoftonline.com/common/v2.0/{tenantid}")]
    [InlineData("https://login.microsoftonline.com/organizations/v2.0", "https://login.microsoftonline.us/{tenantid}/v2.0")]
    [InlineData("https://login.microsoftonline.com/common/v2.0", null)]
    // One tenant's issuer is not what a multi-tenant endpoint names: it would make that tenant the home tenant.
    [InlineData("https://login.microsoftonline.com/common/v2.0", "https://login.microsoftonline.com/" + Contoso + "/v2.0")]
    [InlineData("https://login.microsoftonline.com/consumers/v2.0", "https://login.microsoftonline.com/{tenantid}/v2.0")]
    [InlineData("https://login.microsoftonline.com/consumers/v2.0", "https://login.microsoftonline.com/" + Contoso + "/v2.0")]
    public void MultiTenantEndpoint_RefusesADiscoveredIssuerThatIsNotEntrasAtTheConfiguredAuthority(string configured, string? discovered)
    {
        var options = Options(configured, skip: false);

        var problem = Events(options).ValidateDiscoveredIssuer(discovered, options);

        Assert.NotNull(problem);
        Assert.Contains("oidc_issuer_url", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Consumers_AdmitPersonalAccountsOnly_AndOrganizationsNone(bool skip)
    {
        const string personal = "9188040d-6c67-4c5b-b112-36a304b66dad";
        static JsonWebToken From(string tenant) => Token(new { iss = $"https://login.microsoftonline.com/{tenant}/v2.0", tid = tenant, ver = "2.0" });
        var consumers = Options("https://login.microsoftonline.com/consumers/v2.0", skip);
        var organizations = Options("https://login.microsoftonline.com/organizations/v2.0", skip);
        var common = Options("https://login.microsoftonline.com/common/v2.0", skip);

        Assert.Null(Events(consumers).ValidateDiscoveredIssuer($"https://login.microsoftonline.com/{personal}/v2.0", consumers));
        Assert.Null(Events(consumers).ValidateIdToken(From(personal), consumers));
        Assert.Contains("only personal Microsoft accounts", Events(consumers).ValidateIdToken(From(Contoso), consumers), StringComparison.Ordinal);
        Assert.Contains("consumers", Events(consumers).ValidateAccessToken(From(Contoso), consumers, null), StringComparison.Ordinal);
        Assert.Contains("personal Microsoft accounts may not", Events(organizations).ValidateIdToken(From(personal), organizations), StringComparison.Ordinal);
        Assert.Contains("organizations", Events(organizations).ValidateAccessToken(From(personal), organizations, null), StringComparison.Ordinal);
        Assert.Null(Events(organizations).ValidateAccessToken(From(Contoso), organizations, null));
        Assert.Null(Events(common).ValidateAccessToken(From(personal), common, null));
    }

    [Fact]
    public void SingleTenantEndpoint_StillNeedsTheExactIssuer()
    {
        var options = Options($"https://login.microsoftonline.com/{Contoso}/v2.0", skip: false);

        Assert.NotNull(Events(options).ValidateDiscoveredIssuer("https://login.microsoftonline.com/{tenantid}/v2.0", options));
        Assert.Null(Events(options).ValidateDiscoveredIssuer($"https://login.microsoftonline.com/{Contoso}/v2.0", options));
    }

    [Fact]
    public void SingleTenantApp_RefusesAccessTokensOfOtherTenants_InBothVersions()
    {
        var options = Options($"https://login.microsoftonline.com/{Contoso}/v2.0", skip: false);
        var discovered = $"https://login.microsoftonline.com/{Contoso}/v2.0";
        var events = Events(options);
        Assert.Null(events.ValidateAccessToken(Token(new { iss = $"https://sts.windows.net/{Contoso}/", tid = Contoso, ver = "1.0" }), options, discovered));
        Assert.NotNull(events.ValidateAccessToken(Token(new { iss = $"https://sts.windows.net/{Fabrikam}/", tid = Fabrikam, ver = "1.0" }), options, discovered));
    }

    [Fact]
    public void BearerIdentity_ReadsV1UserClaims_AndFlagsOverage()
    {
        var options = Options("https://login.microsoftonline.com/common/v2.0", skip: true, Contoso);
        var identity = Events(options).CreateIdentityFromAccessToken(Token(new
        {
            sub = "s",
            tid = Contoso,
            upn = "alice@contoso.test",
            unique_name = "alice@contoso.test",
            hasgroups = true,
        }), BearerTokenType.User);
        Assert.Equal("alice@contoso.test", identity.PreferredUsername);
        Assert.Equal("alice@contoso.test", identity.Email);
        Assert.NotNull(identity.GroupsProblem);
    }
}
