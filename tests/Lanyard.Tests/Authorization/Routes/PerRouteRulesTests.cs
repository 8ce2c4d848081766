using System.Text.Json;
using Lanyard.Authorization.Routes;
using Lanyard.Identity;
using Lanyard.Sessions;
using Lanyard.Tests.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Tests.Authorization.Routes;

/// <summary>
/// Issue 11's per-route rules, written in TOML as a user writes them, judged by <see cref="RouteRules.Authorize"/>
/// (after identity) and <see cref="RouteRules.Evaluate"/> (before): matches, every requirement kind, first match wins,
/// conditional deny falls through, default deny, rule sets, and fail-closed answers where a fact cannot be trusted.
/// </summary>
public sealed class PerRouteRulesTests
{
    private const string Admins = "ac51800c-2679-4ecb-8130-636380a3b491";
    private const string Contractors = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    private const string Tenant = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";

    private static RouteRules Rules(string toml)
    {
        var options = TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + toml);
        return new RouteRules(options.Routes.Rules, "/oauth2", options.Routes.PerRoute);
    }

    private static RouteRequest Request(string method, string? path, string? host = "app.contoso.test", string? ruleSet = null) =>
        new(method, path, path, null, host, ruleSet);

    private static UserIdentity User(string[]? groups = null, string[]? roles = null, string? groupsProblem = null) =>
        new("alice", "alice@contoso.test", null, groups ?? [], roles ?? [], groupsProblem);

    private static string Token(object claims) =>
        $"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(claims))}.";

    /// <summary>A browser session: claims come from its ID token, scopes from its access token.</summary>
    private static SessionTicket Session(UserIdentity identity, string? idToken = null, string? accessToken = "session-access-token") =>
        new(identity, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), new SessionTokens(idToken ?? Token(new { sub = "alice" }), accessToken, null, null));

    /// <summary>A bearer-token request: claims come from the access token it sent.</summary>
    private static SessionTicket Bearer(UserIdentity identity, string accessToken) =>
        new(identity, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), new SessionTokens(null, accessToken, null, null));

    private static RouteAuthorization Authorize(RouteRules rules, RouteRequest request, SessionTicket? ticket = null) =>
        rules.Authorize(request, ticket ?? Session(User()));

    private static string AllowedBy(RouteAuthorization result) => Assert.IsType<RouteAuthorization.Allow>(result).Rule?.Name ?? "(no rules)";

    private static RouteAuthorization.Deny Denied(RouteAuthorization result) => Assert.IsType<RouteAuthorization.Deny>(result);

    private const string AllowEverything = """
        [[authorization_rules]]
        name = "everyone"
        paths = ["/"]
        action = "allow"
        """;

    [Fact]
    public void NoPerRouteRules_AllowEveryone() =>
        Assert.Equal("(no rules)", AllowedBy(Authorize(Rules(""), Request("GET", "/x"))));

    [Theory]
    [InlineData("/api", true)]
    [InlineData("/api/", true)]
    [InlineData("/api/users/1", true)]
    [InlineData("/apix", false)]
    [InlineData("/ap", false)]
    [InlineData("/API", false)]
    public void APathPrefix_IsSegmentAware(string path, bool allowed)
    {
        var rules = Rules("[[authorization_rules]]\nname = \"api\"\npaths = [\"/api\"]\naction = \"allow\"");

        Assert.Equal(allowed ? "api" : RouteRules.DefaultDeny, Authorize(rules, Request("GET", path)) switch
        {
            RouteAuthorization.Allow allow => allow.Rule!.Name,
            RouteAuthorization.Deny deny => deny.Rule,
            _ => "?",
        });
    }

    [Fact]
    public void APrefixWrittenWithItsSlash_IsAPlainPrefix()
    {
        var rules = Rules("[[authorization_rules]]\nname = \"api\"\npaths = [\"/api/\"]\naction = \"allow\"");

        Assert.Equal("api", AllowedBy(Authorize(rules, Request("GET", "/api/x"))));
        Assert.Equal(RouteRules.DefaultDeny, Denied(Authorize(rules, Request("GET", "/api"))).Rule);
    }

    [Theory]
    [InlineData("app.contoso.test", true)]
    [InlineData("APP.contoso.test", true)]
    [InlineData("a.b.contoso.test", true)]
    [InlineData("contoso.test", false)]
    [InlineData("evilcontoso.test", false)]
    [InlineData("other.test", false)]
    public void Hosts_MatchExactlyOrBySuffix(string host, bool allowed)
    {
        var rules = Rules("[[authorization_rules]]\nname = \"hosts\"\nhosts = [\"*.contoso.test\", \"other.example\"]\naction = \"allow\"");

        Assert.Equal(allowed, Authorize(rules, Request("GET", "/", host)) is RouteAuthorization.Allow);
        Assert.IsType<RouteAuthorization.Allow>(Authorize(rules, Request("GET", "/", "other.example")));
    }

    [Theory]
    [InlineData("GET", "/v1/status", true)]
    [InlineData("HEAD", "/v1/status", true)]
    [InlineData("POST", "/v1/status", false)]
    [InlineData("GET", "/v1/status/deep", false)]
    [InlineData("GET", "/x/v1/status", false)]
    [InlineData("GET", "/v1/status\n", false)]
    public void PathRegexAndMethods_AllPartsHaveToMatch(string method, string path, bool allowed)
    {
        var rules = Rules("[[authorization_rules]]\nname = \"status\"\npath_regex = \"^/v[0-9]+/status$\"\nmethods = [\"get\", \"HEAD\"]\naction = \"allow\"");

        Assert.Equal(allowed, Authorize(rules, Request(method, path)) is RouteAuthorization.Allow);
    }

    [Fact]
    public void TheFirstMatchingRule_Decides()
    {
        var rules = Rules("""
            [[authorization_rules]]
            name = "admin-api"
            paths = ["/api/admin"]
            action = "allow"
            require = { any_groups = ["ac51800c-2679-4ecb-8130-636380a3b491"] }

            [[authorization_rules]]
            name = "api"
            paths = ["/api"]
            action = "allow"
            """);

        var deny = Denied(Authorize(rules, Request("GET", "/api/admin/users")));
        Assert.Equal("admin-api", deny.Rule);
        Assert.Equal($"this request requires a member of any of group(s) {Admins}", deny.Reason);
        Assert.Equal("api", AllowedBy(Authorize(rules, Request("GET", "/api/reports"))));
        Assert.Equal("admin-api", AllowedBy(Authorize(rules, Request("GET", "/api/admin"), Session(User(groups: [Admins.ToUpperInvariant()])))));
    }

    [Fact]
    public void ADenyRuleWithoutRequirements_DeniesEveryoneItMatches()
    {
        var rules = Rules("[[authorization_rules]]\nname = \"no-debug\"\npaths = [\"/debug\"]\naction = \"deny\"\n" + AllowEverything);

        var deny = Denied(Authorize(rules, Request("GET", "/debug/vars"), Session(User(groups: [Admins]))));
        Assert.Equal(("no-debug", "this request is denied"), (deny.Rule, deny.Reason));
        Assert.Equal("everyone", AllowedBy(Authorize(rules, Request("GET", "/app"))));
    }

    [Fact]
    public void ADenyRuleWithRequirements_DeniesWhenTheyHold_AndOtherwiseTheNextRuleDecides()
    {
        var rules = Rules($$"""
            [[authorization_rules]]
            name = "no-contractors"
            paths = ["/"]
            action = "deny"
            require = { any_groups = ["{{Contractors}}"] }

            {{AllowEverything}}
            """);

        var deny = Denied(Authorize(rules, Request("GET", "/x"), Session(User(groups: [Contractors]))));
        Assert.Equal("no-contractors", deny.Rule);
        Assert.Contains(Contractors, deny.Reason, StringComparison.Ordinal);
        Assert.Equal("everyone", AllowedBy(Authorize(rules, Request("GET", "/x"), Session(User(groups: [Admins])))));
    }

    [Fact]
    public void WhatNoRuleMatches_IsDenied_ByDefaultDeny()
    {
        var rules = Rules("[[authorization_rules]]\nname = \"api\"\npaths = [\"/api\"]\naction = \"allow\"");

        var deny = Denied(Authorize(rules, Request("GET", "/other")));
        Assert.Equal(RouteRules.DefaultDeny, deny.Rule);
        Assert.Contains("no rule of the default rule set matches this request", deny.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARuleSet_ReplacesTheDefaultSet_AndAnUnknownOneDeniesEverything()
    {
        var rules = Rules($$"""
            [[authorization_rules]]
            name = "default-api"
            paths = ["/"]
            action = "allow"

            [[authorization_rules]]
            name = "admin-only"
            rule_set = "admin"
            paths = ["/"]
            action = "allow"
            require = { any_groups = ["{{Admins}}"] }
            """);

        Assert.Equal("default-api", AllowedBy(Authorize(rules, Request("GET", "/x"))));
        Assert.Equal("admin-only", Denied(Authorize(rules, Request("GET", "/x", ruleSet: "admin"))).Rule);
        Assert.Equal("admin-only", AllowedBy(Authorize(rules, Request("GET", "/x", ruleSet: "admin"), Session(User(groups: [Admins])))));
        var unknown = Denied(Authorize(rules, Request("GET", "/x", ruleSet: "nope"), Session(User(groups: [Admins]))));
        Assert.Equal("rule set 'nope' is not configured", unknown.Reason);
    }

    [Fact]
    public void AllGroups_NeedEveryGroup()
    {
        var rules = Rules($"[[authorization_rules]]\nname = \"both\"\npaths = [\"/\"]\naction = \"allow\"\nrequire = {{ all_groups = [\"{Admins}\", \"{Contractors}\"] }}");

        Assert.IsType<RouteAuthorization.Allow>(Authorize(rules, Request("GET", "/"), Session(User(groups: [Contractors, Admins]))));
        Assert.Contains("all of group(s)", Denied(Authorize(rules, Request("GET", "/"), Session(User(groups: [Admins])))).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AGroupsRequirement_WithUnresolvedOverage_Denies_SayingWhy_AllowRuleOrDenyRule()
    {
        var allow = Rules($"[[authorization_rules]]\nname = \"admins\"\npaths = [\"/\"]\naction = \"allow\"\nrequire = {{ any_groups = [\"{Admins}\"] }}");
        var deny = Rules($"[[authorization_rules]]\nname = \"no-contractors\"\npaths = [\"/\"]\naction = \"deny\"\nrequire = {{ any_groups = [\"{Contractors}\"] }}\n" + AllowEverything);
        var overage = Session(User(groups: [Admins], groupsProblem: "Microsoft Graph did not answer"));

        Assert.Contains("group memberships could not be read (Microsoft Graph did not answer)", Denied(Authorize(allow, Request("GET", "/"), overage)).Reason, StringComparison.Ordinal);
        Assert.Equal("no-contractors", Denied(Authorize(deny, Request("GET", "/"), overage)).Rule);
    }

    [Fact]
    public void Roles_CompareWithCase()
    {
        var rules = Rules("[[authorization_rules]]\nname = \"r\"\npaths = [\"/\"]\naction = \"allow\"\n[authorization_rules.require]\nany_roles = [\"Reader\", \"Writer\"]");
        var all = Rules("[[authorization_rules]]\nname = \"r\"\npaths = [\"/\"]\naction = \"allow\"\n[authorization_rules.require]\nall_roles = [\"Reader\", \"Writer\"]");

        Assert.IsType<RouteAuthorization.Allow>(Authorize(rules, Request("GET", "/"), Session(User(roles: ["Writer"]))));
        Assert.IsType<RouteAuthorization.Deny>(Authorize(rules, Request("GET", "/"), Session(User(roles: ["writer"]))));
        Assert.IsType<RouteAuthorization.Deny>(Authorize(all, Request("GET", "/"), Session(User(roles: ["Writer"]))));
        Assert.IsType<RouteAuthorization.Allow>(Authorize(all, Request("GET", "/"), Session(User(roles: ["Writer", "Reader"]))));
    }

    [Fact]
    public void Scopes_AreAllOf_FromTheBearerTokensScp()
    {
        var rules = Rules("[[authorization_rules]]\nname = \"s\"\npaths = [\"/\"]\naction = \"allow\"\nrequire.scopes = [\"Files.Read\", \"Files.Write\"]");

        Assert.IsType<RouteAuthorization.Allow>(Authorize(rules, Request("GET", "/"), Bearer(User(), Token(new { scp = "Files.Write User.Read Files.Read" }))));
        Assert.Equal("this request requires scope(s) Files.Read, Files.Write (scp)", Denied(Authorize(rules, Request("GET", "/"), Bearer(User(), Token(new { scp = "Files.Read" })))).Reason);
    }

    [Fact]
    public void ABrowserSessionsScopes_AreItsAccessTokens_AndAnOpaqueOneIsUnknown()
    {
        var allow = Rules("[[authorization_rules]]\nname = \"s\"\npaths = [\"/\"]\naction = \"allow\"\nrequire.scopes = [\"Files.Read\"]");
        var deny = Rules("[[authorization_rules]]\nname = \"no-writers\"\npaths = [\"/\"]\naction = \"deny\"\nrequire.scopes = [\"Files.Write\"]\n" + AllowEverything);
        var granted = Session(User(), Token(new { sub = "alice", scp = "Files.Write" }), Token(new { scp = "openid Files.Read" }));
        var opaque = Session(User(), Token(new { sub = "alice" }), "opaque-access-token");
        var none = Session(User(), Token(new { sub = "alice" }), accessToken: null);

        // The access token's scp counts; the ID token's never does.
        Assert.IsType<RouteAuthorization.Allow>(Authorize(allow, Request("GET", "/"), granted));
        Assert.Equal("everyone", AllowedBy(Authorize(deny, Request("GET", "/"), granted)));
        Assert.Contains("the session's token could not be read", Denied(Authorize(allow, Request("GET", "/"), opaque)).Reason, StringComparison.Ordinal);
        Assert.Equal("no-writers", Denied(Authorize(deny, Request("GET", "/"), opaque)).Rule);
        Assert.Equal("no-writers", Denied(Authorize(deny, Request("GET", "/"), none)).Rule);
    }

    [Fact]
    public void TenantsAndClientApps_AreAnyOf()
    {
        var rules = Rules($"[[authorization_rules]]\nname = \"t\"\npaths = [\"/\"]\naction = \"allow\"\nrequire = {{ tenants = [\"{Tenant}\"], client_apps = [\"app-1\", \"app-2\"] }}");

        Assert.IsType<RouteAuthorization.Allow>(Authorize(rules, Request("GET", "/"), Bearer(User(), Token(new { tid = Tenant, azp = "app-2" }))));
        Assert.IsType<RouteAuthorization.Allow>(Authorize(rules, Request("GET", "/"), Bearer(User(), Token(new { tid = Tenant, appid = "app-1" }))));
        Assert.Contains("client app(s)", Denied(Authorize(rules, Request("GET", "/"), Bearer(User(), Token(new { tid = Tenant, azp = "app-3" })))).Reason, StringComparison.Ordinal);
        Assert.Contains("tenant(s)", Denied(Authorize(rules, Request("GET", "/"), Bearer(User(), Token(new { tid = "other", azp = "app-1" })))).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_MatchAnyAllowedValue_AndAnyElementOfAListClaim()
    {
        var rules = Rules("[[authorization_rules]]\nname = \"c\"\npaths = [\"/\"]\naction = \"allow\"\n[authorization_rules.require.claims]\ndepartment = [\"eng\", \"ops\"]\nlevel = \"senior\"");

        Assert.IsType<RouteAuthorization.Allow>(Authorize(rules, Request("GET", "/"), Session(User(), Token(new { department = new[] { "sales", "ops" }, level = "senior" }))));
        Assert.IsType<RouteAuthorization.Deny>(Authorize(rules, Request("GET", "/"), Session(User(), Token(new { department = "ops", level = "junior" }))));
        Assert.Equal("this request requires claim 'department' to be any of eng, ops", Denied(Authorize(rules, Request("GET", "/"), Session(User(), Token(new { level = "senior" })))).Reason);
    }

    [Fact]
    public void ARuleOnGroupsAlone_NeverParsesTheToken()
    {
        var rules = Rules($"[[authorization_rules]]\nname = \"g\"\npaths = [\"/\"]\naction = \"allow\"\nrequire = {{ any_groups = [\"{Admins}\"] }}");
        var garbage = Bearer(User(groups: [Admins]), "not a token at all");

        Assert.IsType<RouteAuthorization.Allow>(Authorize(rules, Request("GET", "/"), garbage));
        var subject = new RuleSubject(garbage);
        Assert.Equal(RequirementState.Holds, rules.PerRoute.Default[0].Require!.Check(subject).State);
        Assert.False(subject.ClaimsWereRead);
    }

    [Fact]
    public void AnUnreadableToken_DeniesAClaimRequirement_SayingWhy_AndParsesOnce()
    {
        var rules = Rules("[[authorization_rules]]\nname = \"t\"\npaths = [\"/\"]\naction = \"allow\"\nrequire = { tenants = [\"x\"], scopes = [\"a\"] }");
        var garbage = Bearer(User(), "not a token at all");

        Assert.Contains("the session's token could not be read", Denied(Authorize(rules, Request("GET", "/"), garbage)).Reason, StringComparison.Ordinal);
        var subject = new RuleSubject(Bearer(User(), Token(new { tid = "x", scp = "a" })));
        Assert.Equal(RequirementState.Holds, rules.PerRoute.Default[0].Require!.Check(subject).State);
        Assert.True(subject.ClaimsWereRead);
    }

    [Theory]
    [InlineData(null, "app.contoso.test")]
    [InlineData("/admin", null)]
    [InlineData("/public/../admin", "app.contoso.test")]
    public void AFactThatCannotBeTrusted_NeverLetsAnAllowRuleApply_AndAlwaysADenyRule(string? path, string? host)
    {
        var allow = Rules("[[authorization_rules]]\nname = \"public\"\nhosts = [\"app.contoso.test\"]\npaths = [\"/public\", \"/admin\"]\naction = \"allow\"");
        var deny = Rules("[[authorization_rules]]\nname = \"no-admin\"\nhosts = [\"app.contoso.test\"]\npaths = [\"/admin\"]\naction = \"deny\"\n" + AllowEverything);

        Assert.Equal(RouteRules.DefaultDeny, Denied(Authorize(allow, Request("GET", path, host))).Rule);
        Assert.Equal("no-admin", Denied(Authorize(deny, Request("GET", path, host))).Rule);
    }

    [Fact]
    public void SkipAuthRules_PassBeforeSignIn_OnlyWhenNoAllowOrDenyRuleMayMatchFirst()
    {
        var rules = Rules("""
            [[authorization_rules]]
            name = "health"
            paths = ["/health"]
            methods = ["GET"]
            action = "skip_auth"

            [[authorization_rules]]
            name = "no-internal"
            paths = ["/internal"]
            action = "deny"

            [[authorization_rules]]
            name = "internal-health"
            paths = ["/internal/health"]
            action = "skip_auth"
            """);

        Assert.Equal("health", Assert.IsType<RouteVerdict.SkipAuth>(rules.Evaluate(Request("GET", "/health"))).Rule.Name);
        Assert.IsType<RouteVerdict.Authenticate>(rules.Evaluate(Request("POST", "/health")));
        Assert.IsType<RouteVerdict.Authenticate>(rules.Evaluate(Request("GET", "/internal/health")));
        Assert.IsType<RouteVerdict.Authenticate>(rules.Evaluate(Request("GET", "/oauth2/health")));
        Assert.Equal("health", AllowedBy(Authorize(rules, Request("GET", "/health"))));
    }

    [Fact]
    public void LegacySkipRules_StillComeFirst_AndLanyardsEndpointsAreNeverSkipped()
    {
        var rules = Rules("skip_auth_routes = [\"^/legacy\"]\n[[authorization_rules]]\nname = \"all\"\npaths = [\"/\"]\naction = \"skip_auth\"");

        Assert.Equal("skip_auth_routes ^/legacy", Assert.IsType<RouteVerdict.SkipAuth>(rules.Evaluate(Request("GET", "/legacy"))).Rule.Name);
        Assert.Equal("all", Assert.IsType<RouteVerdict.SkipAuth>(rules.Evaluate(Request("GET", "/x"))).Rule.Name);
        Assert.IsType<RouteVerdict.Authenticate>(rules.Evaluate(Request("GET", "/oauth2/start")));
    }
}
