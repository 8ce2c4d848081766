using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Lanyard.Cli;
using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Configuration.Validation;

namespace Lanyard.Tests.Configuration;

/// <summary>
/// Every option Lanyard implements, from the catalog itself, spelled each way oauth2-proxy accepts it: the TOML key,
/// <c>--flag=value</c>, <c>--flag value</c>, <c>OAUTH2_PROXY_</c> plus the upper-cased key (so list options are plural
/// there, as in oauth2-proxy), repeated flags and a TOML array for lists, and the alpha config field where there is
/// one. Each spelling must bind and reach the same value.
/// </summary>
public sealed class OptionSpellingTests
{
    private const string Tenant = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";

    /// <summary>A valid configuration, minus the option under test (and what its sample replaces).</summary>
    private static readonly (string Key, string Line)[] ValidToml =
    [
        ("provider", "provider = \"entra-id\""),
        ("oidc_issuer_url", $"oidc_issuer_url = \"https://login.microsoftonline.com/{Tenant}/v2.0\""),
        ("client_id", "client_id = \"4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f\""),
        ("client_secret", "client_secret = \"s3cret\""),
        ("cookie_secret", "cookie_secret = \"0123456789abcdef0123456789abcdef\""),
        ("email_domains", "email_domains = [\"contoso.test\"]"),
        ("upstreams", "upstreams = [\"http://127.0.0.1:8080/\"]"),
    ];

    /// <summary>
    /// A valid value for an option, not its default (so reaching it shows), two of them for a list. Companions are
    /// TOML lines the option needs to bind (a Redis option needs session_store_type = "redis"); Without are lines of
    /// the valid configuration it replaces (cookie_secret_file replaces cookie_secret). <c>{dir}</c> is
    /// <see cref="Files"/>' directory.
    /// </summary>
    private sealed record Sample(string[] Values, string Companions, string[] Without);

    private static Sample One(string value, string companions = "", params string[] without) => new([value], companions, without);

    private static Sample Two(string first, string second, string companions = "") => new([first, second], companions, []);

    private const string Redis = "session_store_type = \"redis\"\nredis_connection_url = \"redis://127.0.0.1:6379\"";
    private const string Sentinel = "session_store_type = \"redis\"\nredis_use_sentinel = true\nredis_sentinel_master_name = \"mymaster\"\nredis_sentinel_connection_urls = [\"redis://127.0.0.1:26379\"]";
    private const string Tls = "tls_cert_file = \"{dir}/tls.crt\"\ntls_key_file = \"{dir}/tls.key\"";
    private const string KubeWebhook = "kube_webhook_address = \"https://127.0.0.1:8443\"\nkube_webhook_tls_cert_file = \"{dir}/tls.crt\"\nkube_webhook_tls_key_file = \"{dir}/tls.key\"\nkube_webhook_token_file = \"{dir}/webhook-token\"";

    private const string IdentityTokenHeader = "identity_token_header = \"X-Lanyard-Identity\"";
    private const string IdentityTokenIssuer = "identity_token_issuer = \"https://auth.contoso.test\"";
    private const string MetricsTls = "metrics_secure_address = \"127.0.0.1:9443\"\nmetrics_tls_cert_file = \"{dir}/tls.crt\"\nmetrics_tls_key_file = \"{dir}/tls.key\"";

    /// <summary>One sample per implemented option. A new option in the catalog fails the tests until it has one here.</summary>
    private static readonly Dictionary<string, Sample> Samples = new()
    {
        ["provider"] = One("oidc"),
        ["azure_tenant"] = One("contoso.onmicrosoft.com", "provider = \"azure\"", "provider", "oidc_issuer_url"),
        ["provider_display_name"] = One("Contoso sign-in"),
        ["client_id"] = One("11111111-2222-3333-4444-555555555555"),
        ["client_secret"] = One("another-secret"),
        ["client_secret_file"] = One("{dir}/client-secret", "", "client_secret"),
        ["scope"] = One("openid email offline_access"),
        ["prompt"] = One("consent"),
        ["approval_prompt"] = One("auto"),
        ["acr_values"] = One("urn:mace:incommon:iap:silver"),
        ["auth_request_response_mode"] = One("query"),
        ["code_challenge_method"] = One("S256"),
        ["force_code_challenge_method"] = One("S256"),
        ["insecure_oidc_skip_nonce"] = One("true"),
        ["oidc_audience_claims"] = Two("aud", "azp"),
        ["oidc_enabled_signing_algs"] = Two("RS256", "ES256"),
        ["bearer_token_login_fallback"] = One("false"),
        ["azure_graph_group_field"] = One("displayName"),
        ["backend_logout_url"] = One("https://login.microsoftonline.com/common/oauth2/v2.0/logout?id_token_hint={id_token}"),
        ["allowed_groups"] = Two("ac51800c-2679-4ecb-8130-636380a3b491", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"),
        ["allowed_roles"] = Two("Reader", "Writer"),
        ["user_id_claim"] = One("oid"),
        ["oidc_issuer_url"] = One("https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"),
        ["oidc_email_claim"] = One("upn"),
        ["oidc_groups_claim"] = One("roles"),
        ["oidc_extra_audiences"] = Two("api://lanyard", "api://other"),
        ["insecure_oidc_allow_unverified_email"] = One("true"),
        ["insecure_oidc_skip_issuer_verification"] = One("true"),
        ["entra_id_allowed_tenants"] = Two(Tenant, "9188040d-6c67-4c5b-b112-36a304b66dad"),
        ["entra_id_federated_token_auth"] = One("true"),
        ["entra_id_client_assertion"] = One("KubernetesServiceAccountToken={dir}/token"),
        ["entra_id_client_certificate_file"] = One("{dir}/client.pem"),
        ["entra_id_managed_identity_endpoint"] = One("http://127.0.0.1:8081", "entra_id_client_assertion = \"AzureManagedIdentity\""),
        ["entra_id_graph_url"] = One("https://graph.microsoft.us"),
        ["skip_jwt_bearer_tokens"] = One("true"),
        ["bearer_token_allowed_clients"] = Two("client-a", "client-b"),
        ["bearer_token_allow_applications"] = One("true"),
        ["bearer_token_cache_size"] = One("0"),
        ["cookie_name"] = One("_lanyard"),
        ["cookie_secret"] = One("abcdefghijklmnopqrstuvwxyz012345"),
        ["cookie_secret_file"] = One("{dir}/cookie-secret", "", "cookie_secret"),
        ["cookie_previous_secrets"] = Two("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"),
        ["cookie_domains"] = Two(".contoso.test", "fabrikam.test"),
        ["cookie_path"] = One("/app"),
        ["cookie_expire"] = One("12h"),
        ["cookie_refresh"] = One("1h", "scope = \"openid offline_access\""),
        ["cookie_secure"] = One("false"),
        ["cookie_httponly"] = One("false"),
        ["cookie_samesite"] = One("strict"),
        ["cookie_csrf_per_request"] = One("true"),
        ["cookie_csrf_per_request_limit"] = One("3", "cookie_csrf_per_request = true"),
        ["session_cookie_minimal"] = One("true"),
        ["cookie_csrf_samesite"] = One("none"),
        ["cookie_csrf_expire"] = One("5m"),
        ["session_store_type"] = One("redis", "redis_connection_url = \"redis://127.0.0.1:6379\""),
        ["redis_connection_url"] = One("redis://127.0.0.1:6380/2", "session_store_type = \"redis\""),
        ["redis_username"] = One("lanyard", Redis),
        ["redis_password"] = One("redis-pw", Redis),
        ["redis_insecure_skip_tls_verify"] = One("true", Redis),
        ["redis_ca_path"] = One("{dir}/tls.crt", Redis),
        ["redis_connection_idle_timeout"] = One("300", Redis),
        ["redis_use_sentinel"] = One("true", "session_store_type = \"redis\"\nredis_sentinel_master_name = \"mymaster\"\nredis_sentinel_connection_urls = [\"redis://127.0.0.1:26379\"]"),
        ["redis_sentinel_master_name"] = One("primary", "session_store_type = \"redis\"\nredis_use_sentinel = true\nredis_sentinel_connection_urls = [\"redis://127.0.0.1:26379\"]"),
        ["redis_sentinel_connection_urls"] = Two("redis://127.0.0.1:26379", "redis://127.0.0.1:26380", "session_store_type = \"redis\"\nredis_use_sentinel = true\nredis_sentinel_master_name = \"mymaster\""),
        ["redis_sentinel_password"] = One("sentinel-pw", Sentinel),
        ["redis_use_cluster"] = One("true", "session_store_type = \"redis\"\nredis_cluster_connection_urls = [\"redis://127.0.0.1:7000\"]"),
        ["redis_cluster_connection_urls"] = Two("redis://127.0.0.1:7000", "redis://127.0.0.1:7001", "session_store_type = \"redis\"\nredis_use_cluster = true"),
        ["upstreams"] = Two("http://127.0.0.1:8081/", "http://127.0.0.1:8082/api/"),
        ["pass_host_header"] = One("false"),
        ["proxy_websockets"] = One("false"),
        ["flush_interval"] = One("250ms"),
        ["upstream_timeout"] = One("5s"),
        ["ssl_upstream_insecure_skip_verify"] = One("true"),
        ["disable_keep_alives"] = One("true"),
        ["pass_basic_auth"] = One("false"),
        ["basic_auth_password"] = One("upstream-pw"),
        ["pass_user_headers"] = One("false"),
        ["prefer_email_to_user"] = One("true"),
        ["pass_access_token"] = One("true"),
        ["pass_authorization_header"] = One("true"),
        ["set_xauthrequest"] = One("true"),
        ["set_authorization_header"] = One("true"),
        ["set_basic_auth"] = One("true"),
        ["skip_auth_strip_headers"] = One("false"),
        ["identity_token_header"] = One("X-Lanyard-Identity", IdentityTokenIssuer),
        ["identity_token_key_file"] = One("{dir}/tls.key", IdentityTokenHeader + "\n" + IdentityTokenIssuer),
        ["identity_token_issuer"] = One("https://auth.contoso.test", IdentityTokenHeader),
        ["identity_token_audience"] = One("api://mesh", IdentityTokenHeader + "\n" + IdentityTokenIssuer),
        ["identity_token_lifetime"] = One("10m", IdentityTokenHeader + "\n" + IdentityTokenIssuer),
        ["email_domains"] = Two("contoso.test", "fabrikam.test"),
        ["skip_provider_button"] = One("true"),
        ["authenticated_emails_file"] = One("{dir}/emails.txt"),
        ["skip_auth_routes"] = Two("GET=^/health$", "!=^/private/"),
        ["skip_auth_regex"] = Two("^/public/", "^/static/"),
        ["skip_auth_preflight"] = One("true"),
        ["api_routes"] = Two("^/api/", "^/v2/"),
        ["trusted_ips"] = Two("10.0.0.0/8", "192.168.1.10"),
        ["force_json_errors"] = One("true"),
        ["relative_redirect_url"] = One("true"),
        ["encode_state"] = One("true"),
        ["allow_query_semicolons"] = One("true"),
        ["force_https"] = One("true"),
        ["redirect_url"] = One("https://app.contoso.test/oauth2/callback"),
        ["whitelist_domains"] = Two(".contoso.test", "fabrikam.test:8443"),
        ["reverse_proxy"] = One("true"),
        ["trusted_proxy_ips"] = Two("10.0.0.0/8", "192.168.1.10"),
        ["real_client_ip_header"] = One("X-Forwarded-For"),
        ["proxy_prefix"] = One("/auth/sso"),
        ["http_address"] = One("127.0.0.1:4999"),
        ["https_address"] = One("127.0.0.1:8443", Tls),
        ["tls_cert_file"] = One("{dir}/tls.crt", "tls_key_file = \"{dir}/tls.key\""),
        ["tls_key_file"] = One("{dir}/tls.key", "tls_cert_file = \"{dir}/tls.crt\""),
        ["tls_min_version"] = One("TLS1.3", Tls),
        ["tls_cipher_suites"] = Two("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", Tls),
        ["metrics_address"] = One("127.0.0.1:9100"),
        ["metrics_secure_address"] = One("127.0.0.1:9443", "metrics_tls_cert_file = \"{dir}/tls.crt\"\nmetrics_tls_key_file = \"{dir}/tls.key\""),
        ["metrics_tls_cert_file"] = One("{dir}/tls.crt", "metrics_secure_address = \"127.0.0.1:9443\"\nmetrics_tls_key_file = \"{dir}/tls.key\""),
        ["metrics_tls_key_file"] = One("{dir}/tls.key", "metrics_secure_address = \"127.0.0.1:9443\"\nmetrics_tls_cert_file = \"{dir}/tls.crt\""),
        ["ext_authz_grpc_address"] = One("127.0.0.1:9191"),
        ["kube_webhook_address"] = One("https://127.0.0.1:8443", Tls + "\nkube_webhook_token_file = \"{dir}/webhook-token\""),
        ["kube_webhook_tls_cert_file"] = One("{dir}/tls.crt", "kube_webhook_address = \"https://127.0.0.1:8443\"\nkube_webhook_tls_key_file = \"{dir}/tls.key\"\nkube_webhook_token_file = \"{dir}/webhook-token\""),
        ["kube_webhook_tls_key_file"] = One("{dir}/tls.key", "kube_webhook_address = \"https://127.0.0.1:8443\"\nkube_webhook_tls_cert_file = \"{dir}/tls.crt\"\nkube_webhook_token_file = \"{dir}/webhook-token\""),
        ["kube_webhook_client_ca_file"] = One("{dir}/tls.crt", KubeWebhook),
        ["kube_webhook_token_file"] = One("{dir}/webhook-token", "kube_webhook_address = \"https://127.0.0.1:8443\"\n" + Tls),
        ["kube_audiences"] = Two("api://aks-server", "6dae42f8-4368-4678-94ff-3960e28e3630"),
        ["kube_api_audiences"] = Two("https://kubernetes.default.svc", "https://kubernetes.default.svc.cluster.local"),
        ["kube_username_claim"] = One("oid"),
        ["kube_username_prefix"] = One("entra:"),
        ["kube_groups_prefix"] = One("entra:"),
        ["kube_group_cache_ttl"] = One("2m"),
        ["banner"] = One("Contoso staff only"),
        ["footer"] = One("-"),
        ["custom_sign_in_logo"] = One("{dir}/logo.png"),
        ["custom_templates_dir"] = One("{dir}"),
        ["skip_oidc_discovery"] = One("true", "login_url = \"https://idp.contoso.test/authorize\"\nredeem_url = \"https://idp.contoso.test/token\"\noidc_jwks_url = \"https://idp.contoso.test/keys\""),
        ["login_url"] = One("https://idp.contoso.test/oauth2/authorize", SkipDiscoveryWithout("login_url")),
        ["redeem_url"] = One("https://idp.contoso.test/oauth2/token", SkipDiscoveryWithout("redeem_url")),
        ["oidc_jwks_url"] = One("https://idp.contoso.test/oauth2/keys", SkipDiscoveryWithout("oidc_jwks_url")),
        ["oidc_public_key_files"] = Two("{dir}/provider.pub", "{dir}/tls.crt"),
        ["standard_logging"] = One("false"),
        ["standard_logging_format"] = One("{{.Timestamp}} {{.Message}}"),
        ["auth_logging"] = One("false"),
        ["auth_logging_format"] = One("{{.Username}} {{.Status}} {{.Message}}"),
        ["request_logging"] = One("false"),
        ["request_logging_format"] = One("{{.RequestMethod}} {{.RequestURI}} {{.StatusCode}}"),
        ["errors_to_info_log"] = One("true"),
        ["exclude_logging_paths"] = Two("/ping", "/metrics"),
        ["silence_ping_logging"] = One("true"),
        ["logging_format"] = One("json"),
        ["request_id_header"] = One("X-Correlation-Id"),
        ["ping_path"] = One("/healthz"),
        ["ping_user_agent"] = One("kube-probe/1.31"),
        ["ready_path"] = One("/readyz"),
        ["htpasswd_file"] = One("{dir}/users.htpasswd"),
        ["extra_jwt_issuers"] = Two("https://idp.fabrikam.test/=api://batch", "https://sts.contoso.test/v2.0=api://jobs", "skip_jwt_bearer_tokens = true"),
        ["provider_ca_files"] = Two("{dir}/tls.crt", "{dir}/client.pem"),
        ["use_system_trust_store"] = One("true", "provider_ca_files = [\"{dir}/tls.crt\"]"),
        ["display_htpasswd_form"] = One("false", "htpasswd_file = \"{dir}/users.htpasswd\""),
        ["htpasswd_user_groups"] = Two("batch-jobs", "ops", "htpasswd_file = \"{dir}/users.htpasswd\""),
    };

    /// <summary>skip_oidc_discovery and the endpoints it needs, but the one under test.</summary>
    private static string SkipDiscoveryWithout(string key) => string.Join('\n', new[]
    {
        ("skip_oidc_discovery", "true"), ("login_url", "\"https://idp.contoso.test/authorize\""),
        ("redeem_url", "\"https://idp.contoso.test/token\""), ("oidc_jwks_url", "\"https://idp.contoso.test/keys\""),
    }.Where(line => line.Item1 != key).Select(line => $"{line.Item1} = {line.Item2}"));

    /// <summary>The files samples name: a TLS certificate and key, both in one PEM, a token and two secrets.</summary>
    private static readonly Lazy<string> Files = new(WriteFiles);

    private static string WriteFiles()
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-spelling-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(directory, "client.pem"), certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(directory, "token"), "federated-token");
        File.WriteAllText(Path.Combine(directory, "webhook-token"), "kube-apiserver-webhook-token-0123456789\n");
        File.WriteAllText(Path.Combine(directory, "users.htpasswd"), "batch:" + BCrypt.Net.BCrypt.HashPassword("pass", workFactor: 4) + "\n");
        using var provider = RSA.Create(2048);
        File.WriteAllText(Path.Combine(directory, "provider.pub"), provider.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(Path.Combine(directory, "client-secret"), "secret-from-a-file\n");
        File.WriteAllText(Path.Combine(directory, "emails.txt"), "# allowed besides email_domains\nbob@fabrikam.test\n");
        File.WriteAllText(Path.Combine(directory, "cookie-secret"), "fedcba9876543210fedcba9876543210\n");
        File.WriteAllBytes(Path.Combine(directory, "logo.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        return directory;
    }

    private static string Here(string text) => text.Replace("{dir}", Files.Value, StringComparison.Ordinal);

    public static TheoryData<string> ImplementedOptions() => [.. OptionCatalog.Supported.Select(o => o.TomlKey)];

    [Fact]
    public void EverySample_IsForAnImplementedOption()
    {
        var implemented = OptionCatalog.Supported.Select(o => o.TomlKey).ToHashSet(StringComparer.Ordinal);
        Assert.All(Samples.Keys, key => Assert.True(implemented.Contains(key), $"'{key}' has a sample but is not an implemented catalog option; remove it from Samples"));
    }

    [Theory]
    [MemberData(nameof(ImplementedOptions))]
    public void EverySpelling_ReachesTheSameValue(string key)
    {
        var option = OptionCatalog.FindByTomlKey(key)!;
        var sample = SampleFor(option);
        var values = sample.Values.Select(Here).ToArray();
        var environmentName = "OAUTH2_PROXY_" + key.ToUpperInvariant(); // oauth2-proxy's rule, spelled out here rather than taken from the catalog
        var expected = Typed(option, values);

        var spellings = new List<(string Name, string Toml, string[] Args, Dictionary<string, string> Env, string Origin)>
        {
            ("TOML", TomlLine(option, values), [], [], "lanyard.toml:1"),
            ("environment", "", [], new() { [environmentName] = string.Join(',', values) }, environmentName),
        };
        if (option.Kind == OptionKind.StringList)
        {
            spellings.Add(("repeated --flag=value", "", [.. values.Select(v => $"{option.FlagName}={v}")], [], option.FlagName));
            spellings.Add(("repeated --flag value", "", [.. values.SelectMany(v => new[] { option.FlagName, v })], [], option.FlagName));
        }
        else
        {
            spellings.Add(("--flag=value", "", [$"{option.FlagName}={values[0]}"], [], option.FlagName));
            if (option.Kind != OptionKind.Bool)
            {
                spellings.Add(("--flag value", "", [option.FlagName, values[0]], [], option.FlagName));
            }
            else if (values[0] == "true")
            {
                spellings.Add(("bare --flag", "", [option.FlagName], [], option.FlagName));
            }
        }

        foreach (var (name, toml, args, env, origin) in spellings)
        {
            var bound = Bind(ConfigFor(option, sample, toml), args, env, alphaYaml: null);
            var setting = Assert.Single(bound.Settings, s => s.Key == key);
            Assert.True(setting.Origin == origin, $"{key} spelled as {name}: set from {setting.Origin}, expected {origin}");
            Assert.True(expected == ReadTyped(option, bound), $"{key} spelled as {name}: read as '{ReadTyped(option, bound)}', expected '{expected}'");
        }
    }

    /// <summary>
    /// The alpha config fields that map onto an implemented legacy option: the provider tables the alpha reader
    /// itself uses (so a field added there is covered here), then the server and upstream fields, which AlphaServers
    /// and AlphaUpstreams read structurally.
    /// </summary>
    public static TheoryData<string, string> AlphaFields()
    {
        var data = new TheoryData<string, string>();
        foreach (var (section, table) in new[] { ("providers[0]", AlphaProviders.ProviderFields), ("oidcConfig", AlphaProviders.OidcFields), ("microsoftEntraIDConfig", AlphaProviders.EntraFields), ("azureConfig", AlphaProviders.AzureFields) })
        {
            foreach (var (field, key, _) in table.Where(f => OptionCatalog.FindByTomlKey(f.Key) is { IsSupported: true }))
            {
                data.Add(key, $"{section}.{field}");
            }
        }

        foreach (var key in ServerFields.Keys)
        {
            data.Add(key, "server");
        }

        data.Add("upstreams", "upstreamConfig.upstreams");
        return data;
    }

    /// <summary>The server and metricsServer YAML for each listener option, with the sample's values and companions.</summary>
    private static readonly Dictionary<string, string> ServerFields = new()
    {
        ["http_address"] = "server:\n  bindAddress: \"127.0.0.1:4999\"\n",
        ["https_address"] = "server:\n  secureBindAddress: \"127.0.0.1:8443\"\n" + TlsYaml(),
        ["tls_cert_file"] = "server:\n" + TlsYaml(),
        ["tls_key_file"] = "server:\n" + TlsYaml(),
        ["tls_min_version"] = "server:\n" + TlsYaml() + "    minVersion: TLS1.3\n",
        ["tls_cipher_suites"] = "server:\n" + TlsYaml() + "    cipherSuites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]\n",
        ["metrics_address"] = "metricsServer:\n  bindAddress: \"127.0.0.1:9100\"\n",
        ["metrics_secure_address"] = "metricsServer:\n  secureBindAddress: \"127.0.0.1:9443\"\n" + TlsYaml(),
        ["metrics_tls_cert_file"] = "metricsServer:\n  secureBindAddress: \"127.0.0.1:9443\"\n" + TlsYaml(),
        ["metrics_tls_key_file"] = "metricsServer:\n  secureBindAddress: \"127.0.0.1:9443\"\n" + TlsYaml(),
    };

    private static string TlsYaml() => "  TLS:\n    cert:\n      fromFile: \"{dir}/tls.crt\"\n    key:\n      fromFile: \"{dir}/tls.key\"\n";

    [Theory]
    [MemberData(nameof(AlphaFields))]
    public void AlphaField_ReachesTheSameBoundValue_AsTheLegacyOption(string key, string field)
    {
        var option = OptionCatalog.FindByTomlKey(key)!;
        var sample = SampleFor(option);
        Assert.True(BoundValues.TryGetValue(key, out var boundValue), $"add how '{key}' shows in LanyardOptions to OptionSpellingTests.BoundValues");

        var legacy = boundValue(Bind(ConfigFor(option, sample, TomlLine(option, [.. sample.Values.Select(Here)])), [], [], alphaYaml: null).Options);
        var unset = boundValue(Bind(string.Join('\n', ValidToml.Select(l => l.Line)), [], [], alphaYaml: null).Options);
        var alpha = boundValue(Bind(AlphaToml(sample), [], [], AlphaYaml(key, field, sample)).Options);

        Assert.NotEqual(unset, legacy); // the sample changes what the option binds to, so equality below means something
        Assert.Equal(legacy, alpha);
    }

    /// <summary>Where each alpha-covered option shows in the bound options, as text to compare.</summary>
    private static readonly Dictionary<string, Func<LanyardOptions, string>> BoundValues = new()
    {
        ["provider"] = o => o.Provider.TypeName,
        ["azure_tenant"] = o => o.Provider.IssuerUrl.AbsoluteUri,
        ["provider_display_name"] = o => o.Provider.DisplayName,
        ["client_id"] = o => o.Provider.ClientId,
        ["client_secret"] = o => Credential(o),
        ["client_secret_file"] = o => Credential(o),
        ["scope"] = o => o.Provider.Scope,
        ["allowed_groups"] = o => string.Join(',', o.Access.AllowedGroups),
        ["oidc_issuer_url"] = o => o.Provider.IssuerUrl.AbsoluteUri,
        ["insecure_oidc_allow_unverified_email"] = o => o.Provider.AllowUnverifiedEmail.ToString(),
        ["insecure_oidc_skip_issuer_verification"] = o => o.Provider.SkipIssuerVerification.ToString(),
        ["oidc_email_claim"] = o => o.Provider.Claims.ToString(),
        ["oidc_groups_claim"] = o => o.Provider.Claims.ToString(),
        ["user_id_claim"] = o => o.Provider.Claims.ToString(),
        ["oidc_extra_audiences"] = o => string.Join(',', o.Provider.ExtraAudiences ?? []),
        ["auth_request_response_mode"] = o => $"{o.Provider.SignInRequest.ResponseMode}",
        ["code_challenge_method"] = o => $"{o.Provider.SignInRequest.CodeChallengeMethod}",
        ["insecure_oidc_skip_nonce"] = o => $"{o.Provider.SignInRequest.SendNonce}",
        ["azure_graph_group_field"] = o => o.Provider.EntraId.GraphGroupField,
        ["backend_logout_url"] = o => $"{o.Provider.BackendLogoutUrl}",
        ["oidc_audience_claims"] = o => string.Join(',', o.Provider.TokenValidation.AudienceClaims),
        ["oidc_enabled_signing_algs"] = o => string.Join(',', o.Provider.TokenValidation.SigningAlgorithms),
        ["entra_id_allowed_tenants"] = o => string.Join(',', o.Provider.EntraId.AllowedTenants),
        ["entra_id_federated_token_auth"] = o => Credential(o),
        ["proxy_prefix"] = o => o.ProxyPrefix,
        ["cookie_csrf_per_request_limit"] = o => $"{o.Cookie.CsrfPerRequestLimit}",
        ["session_cookie_minimal"] = o => $"{o.Cookie.Minimal}",
        ["encode_state"] = o => $"{o.Redirect.EncodeState}",
        ["allow_query_semicolons"] = o => $"{o.Redirect.AllowQuerySemicolons}",
        ["force_https"] = o => $"{o.Redirect.ForceHttpsPort}",
        ["relative_redirect_url"] = o => $"{o.Redirect.RelativeCallbackPath}",
        ["authenticated_emails_file"] = o => $"{o.Access.AuthenticatedEmailsFile}={string.Join(',', o.Access.AuthenticatedEmails)}",
        ["skip_auth_routes"] = o => string.Join(';', o.Routes.Rules.Select(r => r.Name)),
        ["skip_auth_regex"] = o => string.Join(';', o.Routes.Rules.Select(r => r.Name)),
        ["skip_auth_preflight"] = o => string.Join(';', o.Routes.Rules.Select(r => r.Name)),
        ["api_routes"] = o => string.Join(';', o.Routes.Rules.Select(r => r.Name)),
        ["trusted_ips"] = o => string.Join(';', o.Routes.Rules.Select(r => r.Match)),
        ["force_json_errors"] = o => $"{o.Routes.ForceJsonErrors}",
        ["skip_oidc_discovery"] = o => $"{o.Provider.Endpoints.SkipDiscovery}",
        ["login_url"] = o => $"{o.Provider.Endpoints.LoginUrl}",
        ["redeem_url"] = o => $"{o.Provider.Endpoints.RedeemUrl}",
        ["oidc_jwks_url"] = o => $"{o.Provider.Endpoints.JwksUrl}",
        ["oidc_public_key_files"] = o => string.Join(',', o.Provider.Endpoints.PublicKeyFiles ?? []),
        ["extra_jwt_issuers"] = o => string.Join(',', o.Provider.ExtraJwtIssuers.Select(e => $"{e.Issuer}={e.Audience}")),
        ["provider_ca_files"] = o => string.Join(',', o.Provider.Trust?.CaFiles ?? []),
        ["use_system_trust_store"] = o => $"{o.Provider.Trust?.UseSystemTrustStore}",
        ["http_address"] = o => $"{o.Server.HttpAddress}",
        ["https_address"] = o => $"{o.Server.HttpsAddress}",
        ["tls_cert_file"] = o => $"{o.Server.Tls?.CertificateFile}",
        ["tls_key_file"] = o => $"{o.Server.Tls?.KeyFile}",
        ["tls_min_version"] = o => $"{o.Server.Tls?.MinVersion}",
        ["tls_cipher_suites"] = o => string.Join(',', o.Server.Tls?.CipherSuites ?? []),
        ["metrics_address"] = o => $"{o.Server.MetricsAddress}",
        ["metrics_secure_address"] = o => $"{o.Server.MetricsHttpsAddress}",
        ["ext_authz_grpc_address"] = o => $"{o.Server.ExtAuthzGrpc?.Address}",
        ["kube_webhook_address"] = o => $"https://{o.Server.KubeWebhook?.Address}",
        ["kube_webhook_tls_cert_file"] = o => $"{o.Server.KubeWebhook?.Tls.CertificateFile}",
        ["kube_webhook_tls_key_file"] = o => $"{o.Server.KubeWebhook?.Tls.KeyFile}",
        ["kube_webhook_client_ca_file"] = o => o.Server.KubeWebhook?.ClientCertificateAuthorities?.Count == 1 ? "{dir}/tls.crt" : "",
        ["kube_webhook_token_file"] = o => o.Server.KubeWebhook?.BearerTokenSha256 is { Length: 32 } ? "{dir}/webhook-token" : "",
        ["kube_audiences"] = o => string.Join(',', o.Kubernetes.Audiences),
        ["kube_api_audiences"] = o => string.Join(',', o.Kubernetes.ApiAudiences),
        ["kube_username_claim"] = o => o.Kubernetes.UsernameClaim,
        ["kube_username_prefix"] = o => o.Kubernetes.UsernamePrefix,
        ["kube_groups_prefix"] = o => o.Kubernetes.GroupsPrefix,
        ["kube_group_cache_ttl"] = o => o.Kubernetes.GroupCacheTtl.ToString(),

        ["identity_token_header"] = o => $"{o.IdentityToken?.HeaderName}",
        ["identity_token_key_file"] = o => $"{o.IdentityToken?.Key.File}",
        ["identity_token_issuer"] = o => $"{o.IdentityToken?.Issuer}",
        ["identity_token_audience"] = o => $"{o.IdentityToken?.Audience}",
        ["identity_token_lifetime"] = o => $"{o.IdentityToken?.Lifetime}",
        ["metrics_tls_cert_file"] = o => $"{o.Server.MetricsTls?.CertificateFile}",
        ["metrics_tls_key_file"] = o => $"{o.Server.MetricsTls?.KeyFile}",
        ["upstreams"] = o => string.Join(',', o.Upstreams.Select(u => $"{u.PathPrefix}={u.Destination}")),
        ["pass_host_header"] = o => Assert.Single(o.Upstreams).Transport.ToString(),
        ["proxy_websockets"] = o => Assert.Single(o.Upstreams).Transport.ToString(),
        ["flush_interval"] = o => Assert.Single(o.Upstreams).Transport.ToString(),
        ["upstream_timeout"] = o => Assert.Single(o.Upstreams).Transport.ToString(),
        ["ssl_upstream_insecure_skip_verify"] = o => Assert.Single(o.Upstreams).Transport.ToString(),
        ["disable_keep_alives"] = o => Assert.Single(o.Upstreams).Transport.ToString(),
    };

    private static string Credential(LanyardOptions options) => options.Provider.Credential switch
    {
        ClientCredentialOptions.ClientSecret secret => "secret:" + secret.Value.Reveal(),
        var other => other.ToString(),
    };

    private static Sample SampleFor(OptionDefinition option)
    {
        Assert.True(Samples.TryGetValue(option.TomlKey, out var sample),
            $"'{option.TomlKey}' is an implemented option without a sample value: add one to OptionSpellingTests.Samples");
        Assert.True(option.HasFlag, $"'{option.TomlKey}' is implemented but has no flag");
        Assert.True(option.Kind == OptionKind.StringList ? sample.Values.Length == 2 : sample.Values.Length == 1,
            $"'{option.TomlKey}': a list option's sample has two values (to show they add up), any other option's one");
        return sample;
    }

    /// <summary>The option's line (first, so it is line 1), its companions, then the valid lines it does not replace.</summary>
    private static string ConfigFor(OptionDefinition option, Sample sample, string optionLine)
    {
        IEnumerable<string> lines = [optionLine, Here(sample.Companions), .. ValidToml.Where(l => l.Key != option.TomlKey && !sample.Without.Contains(l.Key)).Select(l => l.Line)];
        return string.Join('\n', lines.Where(l => l.Length > 0));
    }

    /// <summary>The TOML a user would write: a bool bare, a list as an array, everything else quoted.</summary>
    private static string TomlLine(OptionDefinition option, string[] values) => option.Kind switch
    {
        OptionKind.Bool => $"{option.TomlKey} = {values[0]}",
        OptionKind.StringList => $"{option.TomlKey} = [{string.Join(", ", values.Select(v => JsonSerializer.Serialize(v)))}]",
        _ => $"{option.TomlKey} = {JsonSerializer.Serialize(values[0])}",
    };

    /// <summary>With alpha config, the TOML keeps what alpha config does not replace (and the sample's companions that are not its own).</summary>
    private static string AlphaToml(Sample sample)
    {
        var kept = ValidToml.Where(l => OptionCatalog.FindByTomlKey(l.Key) is { } o && !AlphaConfig.Replaces(o) && !sample.Without.Contains(l.Key)).Select(l => l.Line);
        var companions = Here(sample.Companions).Split('\n').Where(l => l.Length > 0 && OptionCatalog.FindByTomlKey(l.Split('=')[0].Trim()) is { } o && !AlphaConfig.Replaces(o));
        return string.Join('\n', kept.Concat(companions));
    }

    /// <summary>The alpha YAML of the valid configuration with <paramref name="field"/> set to the sample.</summary>
    private static string AlphaYaml(string key, string field, Sample sample)
    {
        var provider = new Dictionary<string, string>(StringComparer.Ordinal) { ["provider"] = "entra-id", ["clientID"] = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f", ["clientSecret"] = "s3cret" };
        var oidc = new Dictionary<string, string>(StringComparer.Ordinal) { ["issuerURL"] = $"https://login.microsoftonline.com/{Tenant}/v2.0" };
        var entra = new Dictionary<string, string>(StringComparer.Ordinal);
        var azure = new Dictionary<string, string>(StringComparer.Ordinal);
        if (sample.Without.Contains("client_secret"))
        {
            provider.Remove("clientSecret");
        }

        // azure_tenant: the azure provider, whose issuer comes from the tenant rather than issuerURL.
        if (sample.Without.Contains("oidc_issuer_url"))
        {
            oidc.Remove("issuerURL");
            provider["provider"] = "azure";
        }

        var server = "";
        var upstreams = "    - {id: app, path: /, uri: \"http://127.0.0.1:8080/\"}\n";

        // Companions alpha replaces (skip_oidc_discovery's endpoints) go to their own alpha fields, as TOML would refuse them.
        var fields = AlphaFields().Select(row => row.Data).Where(row => row.Item2.Contains('.')).DistinctBy(row => row.Item1).ToDictionary(row => row.Item1, row => row.Item2);
        foreach (var line in Here(sample.Companions).Split('\n').Where(l => l.Contains('=')))
        {
            var companion = line.Split('=', 2);
            if (fields.TryGetValue(companion[0].Trim(), out var companionField))
            {
                Place(companionField, companion[1].Trim());
            }
        }

        Place(field, sample.Values.Length == 1 ? JsonSerializer.Serialize(Here(sample.Values[0])) : JsonSerializer.Serialize(sample.Values.Select(Here)));
        void Place(string field, string value)
        {
        var (section, name) = field.LastIndexOf('.') is var dot and > 0 ? (field[..dot], field[(dot + 1)..]) : (field, "");
        switch (section)
        {
            case "providers[0]":
                provider[name] = value;
                break;
            case "oidcConfig":
                oidc[name] = value;
                break;
            case "microsoftEntraIDConfig":
                entra[name] = value;
                break;
            case "azureConfig":
                azure[name] = value;
                break;
            case "server":
                server = Here(ServerFields[key]);
                break;
            default:
                upstreams = "    - {id: app, path: /, uri: \"http://127.0.0.1:8081/\"}\n    - {id: api, path: /api/, uri: \"http://127.0.0.1:8082/api/\"}\n";
                break;
        }
        }

        var yaml = new System.Text.StringBuilder("providers:\n  - id: entra\n");
        foreach (var (k, v) in provider)
        {
            yaml.Append($"    {k}: {v}\n");
        }

        AppendSection(yaml, "oidcConfig", oidc);
        AppendSection(yaml, "microsoftEntraIDConfig", entra);
        AppendSection(yaml, "azureConfig", azure);
        yaml.Append("upstreamConfig:\n  upstreams:\n").Append(upstreams).Append(server);
        return yaml.ToString();
    }

    private static void AppendSection(System.Text.StringBuilder yaml, string name, Dictionary<string, string> fields)
    {
        if (fields.Count == 0)
        {
            return;
        }

        yaml.Append($"    {name}:\n");
        foreach (var (k, v) in fields)
        {
            yaml.Append($"      {k}: {v}\n");
        }
    }

    /// <summary>The option's value as the binder reads it (a bool, a duration, a list, a string), as text.</summary>
    private static string ReadTyped(OptionDefinition option, BoundConfiguration bound)
    {
        var errors = new List<ConfigurationError>();
        var read = new SettingReader(new SettingsLayers().Add(bound.Settings), errors);
        var text = option.Kind switch
        {
            OptionKind.Bool => read.Bool(option.TomlKey, false).ToString(),
            OptionKind.Duration => read.Duration(option.TomlKey, TimeSpan.MinValue).ToString("c"),
            OptionKind.StringList => string.Join('\n', read.List(option.TomlKey)),
            _ => read.String(option.TomlKey) ?? "(unset)",
        };
        Assert.Empty(errors);
        return text;
    }

    /// <summary>What the sample means, worked out here rather than by the code under test.</summary>
    private static string Typed(OptionDefinition option, string[] values) => option.Kind switch
    {
        OptionKind.Bool => bool.Parse(values[0]).ToString(),
        OptionKind.Duration => GoDuration.TryParse(values[0], out var duration) ? duration.ToString("c") : throw new InvalidOperationException($"bad sample '{values[0]}'"),
        OptionKind.StringList => string.Join('\n', values),
        _ => values[0],
    };

    /// <summary>Binds as <c>lanyard serve</c> and <c>config check</c> do, reading only <paramref name="env"/> (and the federated token file's variable).</summary>
    private static BoundConfiguration Bind(string toml, string[] args, Dictionary<string, string> env, string? alphaYaml)
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-spelling-config-").FullName;
        var tomlPath = Path.Combine(directory, "lanyard.toml");
        File.WriteAllText(tomlPath, toml);
        List<string> all = ["--config", tomlPath, .. args];
        if (alphaYaml is not null)
        {
            var alphaPath = Path.Combine(directory, "alpha.yaml");
            File.WriteAllText(alphaPath, alphaYaml);
            all.AddRange(["--alpha-config", alphaPath]);
        }

        var environment = new Dictionary<string, string>(env) { ["AZURE_FEDERATED_TOKEN_FILE"] = Path.Combine(Files.Value, "token") };
        var command = new RootCommand();
        var settings = new ProxySettings(name => environment.GetValueOrDefault(name));
        settings.AddTo(command);
        try
        {
            return settings.BindWithSources(command.Parse(all));
        }
        catch (ConfigurationException e)
        {
            Assert.Fail($"lanyard.toml:\n{toml}\nargs: {string.Join(' ', args)}\nenv: {string.Join(' ', env.Select(p => p.Key + "=" + p.Value))}\nalpha:\n{alphaYaml}\n{e.Message}");
            throw;
        }
    }
}
