using Lanyard.Cli;
using Lanyard.Configuration;

namespace Lanyard.Tests.Configuration;

/// <summary><c>lanyard config check</c> / <c>--config-test</c> and <c>lanyard config convert</c> / <c>--convert-config-to-alpha</c>.</summary>
public sealed class ConfigCommandTests
{
    private const string Tenant = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";

    // Seed 001: "Single-tenant app with up to 200 groups", plus what a deployment adds.
    private static readonly string SeedToml = $"""
        provider="entra-id"
        oidc_issuer_url="https://login.microsoftonline.com/{Tenant}/v2.0"
        client_id="4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"
        client_secret="very-secret-client-secret"
        scope="openid"
        allowed_groups=["ac51800c-2679-4ecb-8130-636380a3b491"]
        cookie_secret="0123456789abcdef0123456789abcdef"
        email_domains=["*"]
        upstreams=["http://127.0.0.1:8080/", "http://127.0.0.1:9090/api/"]
        pass_access_token=true
        set_xauthrequest=true
        basic_auth_password="upstream-password"
        """;

    [Theory]
    [InlineData("config", "check")]
    [InlineData("--config-test")]
    [InlineData("serve", "--config-test")]
    public void Check_PrintsEveryValueWithItsOrigin_SecretsRedacted_AndExitsZero(params string[] command)
    {
        var (exit, output, error) = Run(SeedToml, [.. command, "--http-address=127.0.0.1:4999"], new() { ["OAUTH2_PROXY_COOKIE_NAME"] = "_lanyard" });

        Assert.True(exit == 0, error);
        Assert.Contains("client_id", output, StringComparison.Ordinal);
        Assert.Contains("= \"4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f\"   # lanyard.toml:3", output, StringComparison.Ordinal);
        Assert.Contains("= [redacted]   # lanyard.toml:4", output, StringComparison.Ordinal);
        Assert.Contains("= \"_lanyard\"   # OAUTH2_PROXY_COOKIE_NAME", output, StringComparison.Ordinal);
        Assert.Contains("= \"127.0.0.1:4999\"   # --http-address", output, StringComparison.Ordinal);
        Assert.Contains("X-Forwarded-Access-Token: access_token", output, StringComparison.Ordinal);
        Assert.Contains("X-Auth-Request-Access-Token: access_token", output, StringComparison.Ordinal);
        Assert.Contains("Authorization: Basic base64(user:[redacted])", output, StringComparison.Ordinal);
        Assert.EndsWith("Configuration is valid." + Environment.NewLine, output, StringComparison.Ordinal);
        foreach (var secret in new[] { "very-secret-client-secret", "0123456789abcdef0123456789abcdef", "upstream-password" })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_OfAFileWithASyntaxError_NamesTheError_AndNotEveryOptionAsMissing()
    {
        var (exit, output, error) = Run("provider = \"oidc\"\nclient_id = \n", ["config", "check"]);

        Assert.Equal(1, exit);
        Assert.Contains("lanyard.toml", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("is required", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ShowsTheGrpcExtAuthzListener()
    {
        var (exit, output, error) = Run(SeedToml + "\next_authz_grpc_address = \"127.0.0.1:9191\"\n", ["config", "check"]);

        Assert.True(exit == 0, error);
        Assert.Contains("= \"127.0.0.1:9191\"   # lanyard.toml:", output, StringComparison.Ordinal);
        Assert.Contains("gRPC ext_authz listener: http://127.0.0.1:9191, h2c (cleartext HTTP/2), envoy.service.auth.v3.Authorization/Check only", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ShowsTheIdentityToken_AndThatAGeneratedKeyTrustsOneReplicaOnly()
    {
        var (exit, output, error) = Run(SeedToml + "\nidentity_token_header = \"X-Lanyard-Identity\"\nidentity_token_issuer = \"https://auth.contoso.test\"\n", ["config", "check"]);

        Assert.True(exit == 0, error);
        Assert.Matches(@"Identity token: X-Lanyard-Identity, ES256 key [A-Za-z0-9_-]{43}, iss https://auth.contoso.test, aud [^,]+, lifetime 300s; public key at /.well-known/lanyard/jwks.json", output);
        Assert.Contains("the key is generated at startup, so only one replica can be trusted", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CountsTheHtpasswdUsers_WithoutAnyHash()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword("pass", workFactor: 4);
        var file = Path.Combine(Directory.CreateTempSubdirectory("lanyard-htpasswd-").FullName, "users");
        File.WriteAllText(file, $"a:{hash}\nb:{hash}\n");

        var (exit, output, error) = Run(SeedToml + $"\nhtpasswd_file = \"{file}\"\nhtpasswd_user_groups = [\"ops\"]\n", ["config", "check"]);

        Assert.True(exit == 0, error);
        Assert.Contains("htpasswd_file users: 2 (bcrypt), groups: ops, sign-in form: shown", output, StringComparison.Ordinal);
        Assert.DoesNotContain(hash[7..], output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ListsTheRouteRules_InTheOrderTheyAreJudged()
    {
        var (exit, output, error) = Run(SeedToml + "\nskip_auth_routes = [\"GET=^/health$\"]\napi_routes = [\"^/api/\"]\ntrusted_ips = [\"10.0.0.0/8\"]\n", ["config", "check"]);

        Assert.True(exit == 0, error);
        Assert.Contains("""
              skip_auth_routes GET=^/health$: passes without sign-in
              trusted_ips 10.0.0.0/8: passes without sign-in
              api_routes ^/api/: without sign-in, 401 (not sent to sign in)
            """.ReplaceLineEndings(), output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Tenant, "", "the one tenant of oidc_issuer_url")]
    [InlineData("common", "", "every tenant's (entra_id_allowed_tenants is not set)")]
    [InlineData("organizations", "", "every tenant's (entra_id_allowed_tenants is not set)")]
    [InlineData("organizations", $"entra_id_allowed_tenants=[\"{Tenant}\"]", $"those of entra_id_allowed_tenants: {Tenant} (organizations: no personal accounts)")]
    [InlineData("consumers", "", "personal Microsoft accounts only (consumers)")]
    public void Check_SaysWhoseUsersEntraAdmits(string tenant, string extra, string admitted)
    {
        var toml = SeedToml.Replace($"/{Tenant}/v2.0", $"/{tenant}/v2.0", StringComparison.Ordinal) + "\n" + extra;

        var (exit, output, error) = Run(toml, ["config", "check"]);

        Assert.True(exit == 0, error);
        Assert.Contains($"Microsoft Entra ID users admitted: {admitted}\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OfABrokenConfiguration_NamesEachProblem_AndExitsOne()
    {
        var (exit, output, error) = Run(SeedToml.Replace("scope=\"openid\"", "scope=\"profile\"") + "\ncookie_expire = \"forever\"\n", ["config", "check"]);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("scope (from lanyard.toml:5): must include 'openid'", error, StringComparison.Ordinal);
        Assert.Contains("cookie_expire (from lanyard.toml:13)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-client-secret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config", "convert")]
    [InlineData("--convert-config-to-alpha")]
    public void Convert_WritesAlphaConfig_ThatReadsBackToTheSameOptions(params string[] command)
    {
        var (exit, yaml, error) = Run(SeedToml, command);
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("very-secret-client-secret", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("upstream-password", yaml, StringComparison.Ordinal);
        Assert.Contains("clientSecret: ${CLIENT_SECRET}", yaml, StringComparison.Ordinal);

        var legacy = Bind(SeedToml, []);
        var directory = Directory.CreateTempSubdirectory("lanyard-convert-");
        var alphaFile = Path.Combine(directory.FullName, "alpha.yaml");
        File.WriteAllText(alphaFile, yaml);
        // What stays in TOML: the options alpha config does not replace.
        var rest = "cookie_secret=\"0123456789abcdef0123456789abcdef\"\nemail_domains=[\"*\"]\n";
        var alpha = Bind(rest, ["--alpha-config", alphaFile], new() { ["CLIENT_SECRET"] = "very-secret-client-secret", ["BASIC_AUTH_PASSWORD"] = "upstream-password" });

        Assert.Equal((legacy.Provider.Type, legacy.Provider.IssuerUrl, legacy.Provider.ClientId, legacy.Provider.Claims, legacy.Provider.Credential),
            (alpha.Provider.Type, alpha.Provider.IssuerUrl, alpha.Provider.ClientId, alpha.Provider.Claims, alpha.Provider.Credential));
        Assert.Equal(legacy.Provider.Scopes, alpha.Provider.Scopes);
        Assert.Equal(legacy.Access.AllowedGroups, alpha.Access.AllowedGroups);
        Assert.Equal(legacy.Upstreams.Select(u => (u.PathPrefix, u.Destination)), alpha.Upstreams.Select(u => (u.PathPrefix, u.Destination)));
        Assert.Equal(Describe(legacy.Headers.Request), Describe(alpha.Headers.Request));
        Assert.Equal(Describe(legacy.Headers.Response), Describe(alpha.Headers.Response));
    }

    [Fact]
    public void Convert_WritesPerRouteRules_AsAlphaConfigsAuthorization_ThatBindToTheSameRules()
    {
        const string Rules = """

            [[authorization_rules]]
            name = "admin-api"
            paths = ["/api/admin"]
            path_regex = "^/api/admin/(users|groups)"
            methods = ["GET", "DELETE"]
            action = "allow"
            require = { any_groups = ["ac51800c-2679-4ecb-8130-636380a3b491"], client_apps = ["app-1"] }

            [[authorization_rules]]
            name = "reports"
            rule_set = "reporting"
            hosts = ["*.contoso.test"]
            paths = ["/reports"]
            action = "allow"
            [authorization_rules.require.claims]
            department = ["eng", "ops"]
            """;
        var (exit, yaml, error) = Run(SeedToml + Rules, ["config", "convert"]);
        Assert.True(exit == 0, error);
        Assert.Contains("remove them from the TOML file too", yaml, StringComparison.Ordinal);

        var legacy = Bind(SeedToml + Rules, []);
        var directory = Directory.CreateTempSubdirectory("lanyard-convert-");
        var alphaFile = Path.Combine(directory.FullName, "alpha.yaml");
        File.WriteAllText(alphaFile, yaml);
        var rest = "cookie_secret=\"0123456789abcdef0123456789abcdef\"\nemail_domains=[\"*\"]\n";
        var alpha = Bind(rest, ["--alpha-config", alphaFile], new() { ["CLIENT_SECRET"] = "very-secret-client-secret", ["BASIC_AUTH_PASSWORD"] = "upstream-password" });

        static string Describe(Lanyard.Authorization.Routes.RouteRuleSets sets) => string.Join("\n",
            sets.Default.Select(r => $"default {r.Name} {r.Action} {r.Match} {r.Require?.Describe()}")
                .Concat(sets.Named.SelectMany(n => n.Value.Select(r => $"{n.Key} {r.Name} {r.Action} {r.Match} {r.Require?.Describe()}"))));
        Assert.Equal(2, legacy.Routes.PerRoute.All.Count());
        Assert.Equal(Describe(legacy.Routes.PerRoute), Describe(alpha.Routes.PerRoute));

        // config check lists the rules one by one, never the raw table.
        var (_, report, _) = Run(SeedToml + Rules, ["config", "check"]);
        Assert.Contains("admin-api", report, StringComparison.Ordinal);
        Assert.DoesNotContain("AuthorizationRuleSource", report, StringComparison.Ordinal);
    }

    private static string[] Describe(IReadOnlyList<InjectedHeader> headers) =>
        [.. headers.Select(h => h.Name + ":" + string.Join("|", h.Values.Select(v => v is HeaderValueSource.Claim c ? $"{c.Name}/{c.Prefix}/{c.BasicAuth}/{c.BasicAuthPassword?.Reveal()}" : "fixed")))];

    private static LanyardOptions Bind(string toml, string[] args, Dictionary<string, string>? env = null)
    {
        var config = WriteToml(toml);
        var command = new System.CommandLine.RootCommand();
        var settings = new ProxySettings(name => env?.GetValueOrDefault(name));
        settings.AddTo(command);
        return settings.Bind(command.Parse(["--config", config, .. args]));
    }

    private static (int Exit, string Output, string Error) Run(string toml, string[] args, Dictionary<string, string>? env = null)
    {
        var config = WriteToml(toml);
        foreach (var (name, value) in env ?? [])
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = LanyardCommandLine.Build().Parse([.. args, "--config", config]).Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            foreach (var name in (env ?? []).Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    private static string WriteToml(string toml)
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-config-");
        var path = Path.Combine(directory.FullName, "lanyard.toml");
        File.WriteAllText(path, toml);
        return path;
    }
}
