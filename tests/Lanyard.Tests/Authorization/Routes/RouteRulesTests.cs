using System.Net;
using Lanyard.Authorization.Routes;
using Lanyard.Configuration;
using Lanyard.Tests.Configuration;

namespace Lanyard.Tests.Authorization.Routes;

/// <summary>
/// oauth2-proxy's allow-lists as route rules: how each entry is read (TOML, as a user writes it) and which requests
/// it then lets pass without a sign-in, or answers as an API.
/// </summary>
public sealed class RouteRulesTests
{
    private static RouteRules Rules(string lines, string prefix = "/oauth2")
    {
        var options = TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + lines);
        return new RouteRules(options.Routes.Rules, prefix);
    }

    private static RouteVerdict Judge(RouteRules rules, string method, string? path, string? query = "", string? client = null) =>
        rules.Evaluate(new RouteRequest(method, path, path is null ? null : path + query, client is null ? null : IPAddress.Parse(client)));

    private static bool Skips(RouteRules rules, string method, string? path, string? client = null) =>
        Judge(rules, method, path, client: client) is RouteVerdict.SkipAuth;

    [Theory]
    [InlineData("GET", "/health", true)]
    [InlineData("HEAD", "/health", false)]
    [InlineData("GET", "/health/deep", false)]
    [InlineData("GET", "/app/health", false)]
    public void MethodAndPath_BothHaveToMatch(string method, string path, bool skipped) =>
        Assert.Equal(skipped, Skips(Rules("skip_auth_routes = [\"GET=^/health$\"]"), method, path));

    [Theory]
    [InlineData("GET", "/public/a", true)]
    [InlineData("DELETE", "/public/a", true)]
    [InlineData("GET", "/private", false)]
    public void PathOnlyRoute_AndSkipAuthRegex_MatchAnyMethod(string method, string path, bool skipped)
    {
        Assert.Equal(skipped, Skips(Rules("skip_auth_routes = [\"^/public/\"]"), method, path));
        Assert.Equal(skipped, Skips(Rules("skip_auth_regex = [\"^/public/\"]"), method, path));
    }

    [Theory]
    [InlineData("POST", "/anything", true)]
    [InlineData("POST", "/admin/users", false)]
    [InlineData("GET", "/anything", false)]
    public void NegatedRoute_SkipsThePathsItsRegexDoesNotMatch(string method, string path, bool skipped) =>
        Assert.Equal(skipped, Skips(Rules("skip_auth_routes = [\"POST!=^/admin\"]"), method, path));

    [Fact]
    public void NegatedRoute_WithoutAMethod_AppliesToEveryMethod()
    {
        var rules = Rules("skip_auth_routes = [\"!=^/private\"]");

        Assert.True(Skips(rules, "PUT", "/open"));
        Assert.False(Skips(rules, "PUT", "/private/x"));
    }

    [Fact]
    public void Method_IsUpperCased_AsOauth2ProxyDoes_AndMatchedExactly()
    {
        var rules = Rules("skip_auth_routes = [\"get=^/health$\"]");

        Assert.True(Skips(rules, "GET", "/health"));
        Assert.False(Skips(rules, "get", "/health"));
    }

    [Fact]
    public void ARegexInATomlArray_IsNotSplitAtItsCommas()
    {
        var rules = Rules("skip_auth_routes = [\"GET=^/v[0-9]{1,2}/status$\"]");

        Assert.True(Skips(rules, "GET", "/v12/status"));
        Assert.False(Skips(rules, "GET", "/v123/status"));
    }

    [Fact]
    public void ThePath_IsMatchedWithoutTheQuery_ButApiRoutesSeeTheQuery()
    {
        var skip = Rules("skip_auth_routes = [\"^/health$\"]");
        var api = Rules("api_routes = [\"format=json\"]");

        Assert.IsType<RouteVerdict.SkipAuth>(Judge(skip, "GET", "/health", "?x=1"));
        Assert.Equal("api_routes format=json", Assert.IsType<RouteVerdict.Authenticate>(Judge(api, "GET", "/report", "?format=json")).ApiRoute?.Name);
        Assert.Null(Assert.IsType<RouteVerdict.Authenticate>(Judge(api, "GET", "/report")).ApiRoute);
    }

    [Fact]
    public void ALineBreakInThePath_NeverMatches_SinceDotNetsDollarWouldMatchBeforeIt()
    {
        var rules = Rules("skip_auth_routes = [\"^/health$\", \"!=^/private\"]");

        Assert.False(Skips(rules, "GET", "/health\n"));
        Assert.False(Skips(rules, "GET", "/private\n"));
    }

    [Theory]
    [InlineData("/oauth2/sign_out")]
    [InlineData("/oauth2")]
    [InlineData("/OAuth2/start")]
    public void LanyardsOwnEndpoints_AreNeverSkipped_WhateverTheRulesSay(string path)
    {
        var rules = Rules("skip_auth_routes = [\"^/\"]\nskip_auth_preflight = true\ntrusted_ips = [\"0.0.0.0/0\"]");

        Assert.False(Skips(rules, "OPTIONS", path, "192.0.2.1"));
        Assert.True(Skips(rules, "GET", "/oauth2x/start"));
    }

    [Fact]
    public void Preflight_SkipsOptionsRequestsOnly()
    {
        var rules = Rules("skip_auth_preflight = true");

        Assert.Equal("skip_auth_preflight", Assert.IsType<RouteVerdict.SkipAuth>(Judge(rules, "OPTIONS", "/api/x")).Rule.Name);
        Assert.False(Skips(rules, "GET", "/api/x"));
        Assert.False(Skips(Rules(""), "OPTIONS", "/api/x"));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("192.168.1.10", true)]
    [InlineData("192.168.1.11", false)]
    [InlineData("::ffff:10.9.9.9", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db9::1", false)]
    public void TrustedIps_SkipClientsInTheirNetworks(string client, bool skipped) =>
        Assert.Equal(skipped, Skips(Rules("trusted_ips = [\"10.0.0.0/8\", \"192.168.1.10\", \"2001:db8::/32\"]"), "GET", "/x", client));

    [Fact]
    public void TrustedIps_WithoutAClientAddress_SkipNothing() =>
        Assert.False(Skips(Rules("trusted_ips = [\"0.0.0.0/0\", \"::/0\"]"), "GET", "/x"));

    [Fact]
    public void WithoutAKnownPath_OnlyMethodAndAddressRulesApply()
    {
        var rules = Rules("skip_auth_routes = [\"!=^/private\"]\nskip_auth_preflight = true\ntrusted_ips = [\"10.0.0.0/8\"]");

        Assert.False(Skips(rules, "GET", null));
        Assert.True(Skips(rules, "OPTIONS", null));
        Assert.True(Skips(rules, "GET", null, "10.0.0.1"));
    }

    [Fact]
    public void TheFirstMatchingRule_IsTheOneNamed_InOauth2ProxysOrder()
    {
        var rules = Rules("skip_auth_routes = [\"^/a\"]\nskip_auth_regex = [\"^/a\"]\nskip_auth_preflight = true");

        Assert.Equal(
            ["skip_auth_preflight", "skip_auth_regex ^/a", "skip_auth_routes ^/a"],
            rules.Rules.Select(r => r.Name));
        Assert.Equal("skip_auth_regex ^/a", Assert.IsType<RouteVerdict.SkipAuth>(Judge(rules, "GET", "/a")).Rule.Name);
    }

    [Fact]
    public void EveryRegex_IsCompiledOnceAtBinding_NonBacktracking_WithATimeout()
    {
        var options = TomlBinding.Bind(TomlBinding.MinimalOidc + "\nskip_auth_routes = [\"GET=^/a\"]\napi_routes = [\"^/api\"]");

        Assert.All(options.Routes.Rules.Select(r => Assert.IsType<RouteMatch.PathPattern>(r.Match).Path), regex =>
        {
            Assert.True(regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
            Assert.NotEqual(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, regex.MatchTimeout);
        });
    }

    [Fact]
    public void FlagValues_AreSplitAtCommas_AsPflagSplitsThem()
    {
        var options = TomlBinding.Bind(TomlBinding.MinimalOidc, new Setting("skip_auth_routes", (IReadOnlyList<string>)["GET=^/a,POST=^/b"], "--skip-auth-route"));

        Assert.Equal(["skip_auth_routes GET=^/a", "skip_auth_routes POST=^/b"], options.Routes.Rules.Select(r => r.Name));
    }

    [Fact]
    public void NoOptions_NoRules()
    {
        var options = TomlBinding.Bind(TomlBinding.MinimalOidc);

        Assert.Empty(options.Routes.Rules);
        Assert.False(options.Routes.ForceJsonErrors);
    }
}
