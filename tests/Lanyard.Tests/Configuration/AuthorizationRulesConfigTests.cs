using System.CommandLine;
using Lanyard.Authorization.Routes;
using Lanyard.Cli;
using Lanyard.Configuration;

namespace Lanyard.Tests.Configuration;

/// <summary>
/// Per-route rules as users write them: TOML's <c>[[authorization_rules]]</c> (inline tables, sub-tables, dotted keys,
/// <c>rule_set</c>) and alpha config's <c>authorization</c> bind to the same compiled rules; <c>config check</c> lists
/// them. Broken ones are rows of <see cref="BrokenConfigurationTests"/>.
/// </summary>
public sealed class AuthorizationRulesConfigTests
{
    private const string Toml = """
        [[authorization_rules]]
        name = "health"
        paths = ["/health"]
        methods = ["get"]
        action = "skip_auth"

        [[authorization_rules]]
        name = "admin-api"
        hosts = ["API.contoso.test", "*.admin.contoso.test"]
        paths = ["/api/admin"]
        path_regex = "^/api/admin/[a-z]+$"
        action = "allow"
        require = { any_groups = ["g1"], all_roles = ["Admin"] }

        [[authorization_rules]]
        name = "no-contractors"
        paths = ["/"]
        action = "deny"
        require.tenants = ["t1"]
        require.claims.department = ["contract", "temp"]

        [[authorization_rules]]
        name = "ops"
        rule_set = "ops"
        paths = ["/"]
        action = "allow"
        [authorization_rules.require]
        scopes = ["Ops.Read"]
        client_apps = "app-1"
        [authorization_rules.require.claims]
        level = "senior"
        """;

    private const string Alpha = """
        authorization:
          rules:
            - name: health
              paths: [/health]
              methods: [get]
              action: skip_auth
            - name: admin-api
              hosts: [API.contoso.test, "*.admin.contoso.test"]
              paths: [/api/admin]
              pathRegex: ^/api/admin/[a-z]+$
              action: allow
              require: {anyGroups: [g1], allRoles: [Admin]}
            - name: no-contractors
              paths: [/]
              action: deny
              require:
                tenants: [t1]
                claims: {department: [contract, temp]}
          ruleSets:
            ops:
              - name: ops
                paths: [/]
                action: allow
                require: {scopes: [Ops.Read], clientApps: app-1, claims: {level: senior}}
        providers:
          - id: idp
            provider: oidc
            clientID: c
            clientSecret: s
            oidcConfig:
              issuerURL: https://idp.example.com
        """;

    /// <summary>Everything a compiled rule carries but where it was written, in words.</summary>
    private static IEnumerable<string> Described(RouteRuleSets sets) =>
        sets.Default.Select(Describe).Concat(sets.Named.SelectMany(set => set.Value.Select(rule => $"[{set.Key}] {Describe(rule)}")));

    private static string Describe(RouteRule rule) => $"{rule.Name} {rule.Action} {rule.Match} {rule.Require?.Describe()}";

    [Fact]
    public void TomlAndAlphaConfig_BindToTheSameRules()
    {
        var fromToml = TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + Toml).Routes.PerRoute;
        var fromAlpha = BindAlpha(Alpha).Options.Routes.PerRoute;

        Assert.Equal(
            [
                "health SkipAuth GET path /health ",
                "admin-api Allow host api.contoso.test, *.admin.contoso.test path /api/admin path ~ ^/api/admin/[a-z]+$ a member of any of group(s) g1 and all of app role(s) Admin",
                "no-contractors Deny path / a token from tenant(s) t1 (tid) and claim 'department' to be any of contract, temp",
                "[ops] ops Allow path / scope(s) Ops.Read (scp) and a token from client app(s) app-1 (azp or appid) and claim 'level' to be any of senior",
            ],
            Described(fromToml));
        Assert.Equal(Described(fromToml), Described(fromAlpha));
    }

    [Fact]
    public void EveryRegex_IsCompiledOnce_NonBacktracking_WithATimeout()
    {
        var rule = TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + Toml).Routes.PerRoute.Default[1];
        var regex = Assert.IsType<RouteMatch.Operation>(rule.Match).PathRegex!;

        Assert.True(regex.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
        Assert.NotEqual(System.Text.RegularExpressions.Regex.InfiniteMatchTimeout, regex.MatchTimeout);
    }

    [Fact]
    public void RulesRememberWhereTheyWereWritten()
    {
        var rules = TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + Toml).Routes.PerRoute;

        Assert.Equal("lanyard.toml:7", rules.Default[0].Origin);
        Assert.Equal("lanyard.toml:28", rules.Named["ops"][0].Origin);
    }

    [Fact]
    public void NoRules_NoPerRouteRules() =>
        Assert.Same(RouteRuleSets.None, TomlBinding.Bind(TomlBinding.MinimalOidc).Routes.PerRoute);

    [Fact]
    public void ConfigCheck_ListsEveryRuleSetInOrder()
    {
        var output = new StringWriter();
        ConfigurationReport.Write(BindAlpha(Alpha), output);
        var text = output.ToString();

        Assert.Contains("Per-route rules (default set), first match decides:\n  health: skip_auth GET path /health   # alpha.yaml:3", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  no-contractors: deny path /, requiring a token from tenant(s) t1 (tid)", text, StringComparison.Ordinal);
        Assert.Contains("Per-route rule set 'ops', first match decides:", text, StringComparison.Ordinal);
        Assert.Contains("  default-deny: deny what no rule above matches", text, StringComparison.Ordinal);
    }

    private static BoundConfiguration BindAlpha(string yaml)
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-rules-");
        var path = Path.Combine(directory.FullName, "alpha.yaml");
        File.WriteAllText(path, yaml);
        var command = new RootCommand();
        var settings = new ProxySettings(_ => null);
        settings.AddTo(command);
        return settings.BindWithSources(command.Parse([
            "--alpha-config", path, "--cookie-secret=0123456789abcdef0123456789abcdef", "--email-domain=*"]));
    }
}
