using System.CommandLine;
using Lanyard.Cli;
using Lanyard.Configuration;

namespace Lanyard.Tests.Configuration;

/// <summary>oauth2-proxy's alpha config (<c>--alpha-config</c>): the same names, the same exclusions, both header forms.</summary>
public sealed class AlphaConfigTests
{
    private const string Tenant = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";

    // Seed 001's Kubernetes Dashboard alphaConfig.configData, word for word but for the ids (and an http upstream
    // here: static upstreams have their own tests).
    private static readonly string SeedAlpha = $$"""
        providers:
          - id: azure-entra
            provider: entra-id
            clientID: 4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f
            clientSecret: YOUR_CLIENT_SECRET
            oidcConfig:
              issuerURL: https://login.microsoftonline.com/{{Tenant}}/v2.0
              audienceClaims:
                - aud
              emailClaim: email
              groupsClaim: groups
              userIDClaim: oid
            scope: openid email profile

        upstreamConfig:
          upstreams:
            - id: app
              path: /
              uri: http://127.0.0.1:8080

        # Response headers passed to Dashboard via Nginx
        injectResponseHeaders:
          - name: Authorization
            values:
              - claim: id_token
                prefix: "Bearer "
          - name: X-Auth-Request-User
            values:
              - claim: email
          - name: X-Auth-Request-Email
            values:
              - claim: email
          - name: X-Auth-Request-Groups
            values:
              - claim: groups

        server:
          BindAddress: "127.0.0.1:4180"
        """;

    private static readonly string[] SeedExtraArgs =
    [
        "--cookie-secret=0123456789abcdef0123456789abcdef", "--cookie-domain=.your-domain.test", "--whitelist-domain=.your-domain.test",
        "--email-domain=*", "--pass-authorization-header=true", "--set-xauthrequest=true",
    ];

    [Fact]
    public void SeedsDashboardAlphaConfig_WithItsExtraArgs_BindsToWhatOauth2ProxyMeans()
    {
        var options = Bind(SeedAlpha, SeedExtraArgs);

        Assert.Equal(ProviderType.EntraId, options.Provider.Type);
        Assert.Equal($"https://login.microsoftonline.com/{Tenant}/v2.0", options.Provider.IssuerUrl.AbsoluteUri);
        Assert.Equal("4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f", options.Provider.ClientId);
        Assert.Equal(["openid", "email", "profile"], options.Provider.Scopes);
        // userIDClaim: oid with emailClaim left at email: oauth2-proxy's compatibility rule makes oid the email claim.
        Assert.Equal("oid", options.Provider.Claims.Email);
        Assert.Equal("http://127.0.0.1:8080/", Assert.Single(options.Upstreams).Destination?.AbsoluteUri);
        Assert.Equal(4180, options.Server.HttpAddress!.Port);

        // The YAML's four answer headers, then set-xauthrequest's one the YAML does not name.
        Assert.Equal(["Authorization", "X-Auth-Request-User", "X-Auth-Request-Email", "X-Auth-Request-Groups", "X-Auth-Request-Preferred-Username"],
            options.Headers.Response.Select(h => h.Name));
        Assert.Equal(new HeaderValueSource.Claim("id_token", "Bearer "), Assert.Single(options.Headers.Response[0].Values));
        Assert.Equal(new HeaderValueSource.Claim("email"), Assert.Single(options.Headers.Response[1].Values));
        // pass-authorization-header, set explicitly, is the one request header: in alpha mode the header flags'
        // defaults add nothing, as in oauth2-proxy.
        var request = Assert.Single(options.Headers.Request);
        Assert.Equal("Authorization", request.Name);
        Assert.Equal(new HeaderValueSource.Claim("id_token", "Bearer "), Assert.Single(request.Values));
    }

    [Fact]
    public void NestedHeaderForm_SecretsFromValueEnvAndFile_AndBasicAuth()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "from-file");
        var options = Bind(Minimal + $$"""
            injectRequestHeaders:
              - name: X-Forwarded-User
                values:
                  - claimSource:
                      claim: user
              - name: Authorization
                values:
                  - claimSource:
                      claim: email
                      basicAuthPassword:
                        value: {{Convert.ToBase64String("pw"u8)}}
              - name: X-Fixed
                preserveRequestValue: true
                values:
                  - secretSource:
                      value: {{Convert.ToBase64String("hello"u8)}}
                  - secretSource:
                      fromEnv: FIXED_PART
                  - fromFile: {{file}}
            """, env: new Dictionary<string, string> { ["FIXED_PART"] = "from-env" });

        Assert.Equal(["X-Forwarded-User", "Authorization", "X-Fixed"], options.Headers.Request.Select(h => h.Name));
        var basic = Assert.IsType<HeaderValueSource.Claim>(Assert.Single(options.Headers.Request[1].Values));
        Assert.True(basic.BasicAuth);
        Assert.Equal("pw", basic.BasicAuthPassword!.Reveal());
        var fixedValues = options.Headers.Request[2].Values.Cast<HeaderValueSource.Fixed>().Select(v => v.Value.Reveal());
        Assert.Equal(["hello", "from-env", "from-file"], fixedValues);
        Assert.True(options.Headers.Request[2].PreserveRequestValue);
        Assert.Empty(options.Headers.Response);
    }

    [Fact]
    public void EnvironmentVariables_AreSubstitutedFirst_AsOauth2ProxyDoes()
    {
        var options = Bind(Minimal.Replace("clientSecret: s3cret", "clientSecret: ${ENTRA_SECRET}").Replace("openid email profile", "${SCOPE:-openid email}"),
            env: new Dictionary<string, string> { ["ENTRA_SECRET"] = "from-the-environment" });

        Assert.Equal("from-the-environment", Assert.IsType<ClientCredentialOptions.ClientSecret>(options.Provider.Credential).Value.Reveal());
        Assert.Equal(["openid", "email"], options.Provider.Scopes);
    }

    [Fact]
    public void MicrosoftEntraIDConfig_AndTheSeedsEntraIdConfig_BothSetTheAllowedTenants()
    {
        const string Other = "9188040d-6c67-4c5b-b112-36a304b66dad";
        foreach (var section in new[] { "microsoftEntraIDConfig", "entraIdConfig" })
        {
            var options = Bind(Minimal.Replace("    scope:", $"    {section}:\n      allowedTenants: [\"{Tenant}\", \"{Other}\"]\n    scope:"));
            Assert.Equal([Tenant, Other], options.Provider.EntraId.AllowedTenants);
        }
    }

    [Theory]
    [InlineData("--client-id=other", "client_id (from --client-id): alpha.yaml:4, providers[0].clientID sets it too")]
    [InlineData("--oidc-issuer-url=https://login.microsoftonline.com/common/v2.0", "oidc_issuer_url (from --oidc-issuer-url): alpha.yaml:7, providers[0].oidcConfig.issuerURL sets it too")]
    [InlineData("--upstream=http://127.0.0.1:9000/", "upstreams (from --upstream): alpha.yaml:11, upstreamConfig.upstreams sets it too")]
    [InlineData("--http-address=127.0.0.1:5000", "http_address (from --http-address): alpha config (alpha.yaml) replaces it")]
    public void LegacyProviderUpstreamOrServerOption_BesideAlphaConfig_IsRefused_NamingBoth(string flag, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Bind(Minimal, [flag]));
        Assert.Contains(error.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("providers:\n  - id: a\n    clientId: x\n    provider: oidc\n    clientSecrte: y\n", "providers[0].clientSecrte (from alpha.yaml:5): unknown field (did you mean 'clientSecret'?)")]
    [InlineData("upstreams:\n  - id: a\n", "upstreams (from alpha.yaml:1): unknown field (did you mean 'upstreamConfig'?)")]
    [InlineData("providers: []\n", "providers (from alpha.yaml:1): must list one provider")]
    [InlineData("providers:\n  - provider: oidc\n", "providers[0] (from alpha.yaml:2): providers[0].id is required")]
    [InlineData("providers:\n  - id: a\n    provider: github\n    githubConfig: {org: x}\n", "providers[0].githubConfig (from alpha.yaml:4): is not supported")]
    [InlineData("providers: [\n", "--alpha-config (from alpha.yaml:")]
    [InlineData("injectResponseHeaders:\n  - name: X-A\n    values:\n      - claim: email\n        value: eA==\n", "injectResponseHeaders[0].values[0] (from alpha.yaml:4): a value is a claim or a secret, not both")]
    [InlineData("injectResponseHeaders:\n  - name: X-A\n    values:\n      - secretSource:\n          value: '***'\n", "injectResponseHeaders[0].values[0].secretSource.value (from alpha.yaml:5): must be base64")]
    [InlineData("injectResponseHeaders:\n  - name: X-A\n    values: []\n  - name: x_a\n    values: [{claim: user}]\n", "injectResponseHeaders[1].name (from alpha.yaml:4): 'x_a' is listed twice")]
    [InlineData("injectRequestHeaders:\n  - name: 'Bad Name'\n    values: [{claim: user}]\n", "injectRequestHeaders[0].name (from alpha.yaml:2): 'Bad Name' is not a header name")]
    [InlineData("upstreamConfig:\n  upstreams:\n    - {id: a, path: /, static: true, flushInterval: 5s}\n", "upstreamConfig.upstreams[0].flushInterval (from alpha.yaml:3): has no effect on a static upstream")]
    [InlineData("upstreamConfig:\n  upstreams:\n    - {id: a, path: /, static: true, staticCode: 99}\n", "upstreamConfig.upstreams[0].staticCode (from alpha.yaml:3): a static upstream answers with an HTTP status code from 200 to 599, not '99'")]
    [InlineData("upstreamConfig:\n  upstreams:\n    - {id: a, path: /, uri: 'http://127.0.0.1:1'}\n    - {id: a, path: /, uri: 'http://127.0.0.1:2'}\n", "upstreamConfig.upstreams[1].id (from alpha.yaml:4): 'a' is used by another upstream")]
    [InlineData("upstreamConfig:\n  upstreams:\n    - {id: a, path: /, uri: 'ftp://127.0.0.1/'}\n", "upstreamConfig.upstreams[0].uri (from alpha.yaml:3): ftp:// is not an upstream scheme")]
    [InlineData("server:\n  TLS:\n    key:\n      value: abc\n", "server.TLS.key (from alpha.yaml:4): only fromFile is supported")]
    public void BrokenAlphaConfig_IsRefused_NamingTheFieldAndLine(string yaml, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => BindFile(yaml, []));
        Assert.Contains(error.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ASecondProvider_IsRefused_RatherThanIgnored()
    {
        var yaml = Minimal.Replace("upstreamConfig:", "  - id: second\n    provider: oidc\n    clientID: b\nupstreamConfig:");
        var error = Assert.Throws<ConfigurationException>(() => Bind(yaml));
        Assert.Contains(error.Errors, e => e.Option == "providers[1]" && e.Message.StartsWith("a second provider is not supported", StringComparison.Ordinal));
    }

    [Fact]
    public void AlphaUpstreams_KeepTheirOwnTransportFields()
    {
        var options = Bind(WithUpstreams("""
                - {id: fast, path: /api/, uri: 'http://127.0.0.1:8081', timeout: 5s, passHostHeader: false, disableKeepAlives: true}
                - {id: slow, path: /, uri: 'https://127.0.0.1:8082', timeout: 0s, proxyWebSockets: false, insecureSkipTLSVerify: true, flushInterval: 250ms}
            """));

        var fast = options.Upstreams.Single(u => u.Id == "fast");
        var slow = options.Upstreams.Single(u => u.Id == "slow");
        Assert.Equal(UpstreamTransport.Default with { ResponseHeaderTimeout = TimeSpan.FromSeconds(5), PassHostHeader = false, DisableKeepAlives = true }, fast.Transport);
        Assert.Equal(UpstreamTransport.Default with
        {
            ResponseHeaderTimeout = Timeout.InfiniteTimeSpan, ProxyWebSockets = false, InsecureSkipTlsVerify = true, FlushInterval = TimeSpan.FromMilliseconds(250),
        }, slow.Transport);
    }

    [Fact]
    public void AlphaUpstreams_StaticAtAnyPath_RewriteAsRegex_AndTheUriPathUnused_AsOauth2ProxyReadsThem()
    {
        var options = Bind(WithUpstreams("""
                - {id: health, path: /healthz, static: true, staticCode: 204}
                - {id: api, path: '^/api/v1/(?P<rest>.*)$', rewriteTarget: '/v2/$1?from=v1', uri: 'http://127.0.0.1:8081/ignored/'}
                - {id: app, path: /app/, uri: 'http://127.0.0.1:8082/base/'}
            """));

        var health = options.Upstreams.Single(u => u.Id == "health");
        Assert.Equal(("/healthz", 204, (Uri?)null), (health.PathPrefix, health.StaticCode, health.Destination));
        var api = options.Upstreams.Single(u => u.Id == "api");
        Assert.Equal("http://127.0.0.1:8081/", api.Destination?.AbsoluteUri);
        Assert.Equal(("/v2/users/7", "from=v1"), api.Rewrite!.Apply("/api/v1/users/7"));
        Assert.DoesNotMatch(api.Rewrite.Pattern, "/api/v2/users");
        var app = options.Upstreams.Single(u => u.Id == "app");
        Assert.Equal(("/app/", "http://127.0.0.1:8082/"), (app.PathPrefix, app.Destination?.AbsoluteUri));
        Assert.Null(app.Rewrite);
    }

    private static string WithUpstreams(string upstreams) =>
        Minimal[..Minimal.IndexOf("    - id: app", StringComparison.Ordinal)] + upstreams.TrimStart('\n') + "\n";

    [Fact]
    public void AnUnsupportedOptionInTheYaml_NamesTheYamlField()
    {
        var error = Assert.Throws<ConfigurationException>(() => Bind(Minimal.Replace("    scope:", "    validateURL: https://example.test/validate\n    scope:")));
        Assert.Contains(error.Errors, e => e.ToString().StartsWith("validate_url (from alpha.yaml:8, providers[0].validateURL): is not supported", StringComparison.Ordinal));
    }

    private const string Minimal = $"""
        providers:
          - id: entra
            provider: entra-id
            clientID: 4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f
            clientSecret: s3cret
            oidcConfig:
              issuerURL: https://login.microsoftonline.com/{Tenant}/v2.0
            scope: openid email profile
        upstreamConfig:
          upstreams:
            - id: app
              path: /
              uri: http://127.0.0.1:8080/

        """;

    private static LanyardOptions Bind(string yaml, string[]? args = null, IReadOnlyDictionary<string, string>? env = null) =>
        BindFile(yaml, args ?? ["--cookie-secret=0123456789abcdef0123456789abcdef", "--email-domain=contoso.test"], env);

    private static LanyardOptions BindFile(string yaml, string[] args, IReadOnlyDictionary<string, string>? env = null)
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-alpha-");
        var path = Path.Combine(directory.FullName, "alpha.yaml");
        File.WriteAllText(path, yaml);
        var command = new RootCommand();
        var settings = new ProxySettings(name => env?.GetValueOrDefault(name));
        settings.AddTo(command);
        return settings.Bind(command.Parse(["--alpha-config", path, .. args]));
    }
}
