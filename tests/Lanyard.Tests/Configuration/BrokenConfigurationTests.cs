using System.CommandLine;
using System.Text.RegularExpressions;
using Lanyard.Cli;

namespace Lanyard.Tests.Configuration;

/// <summary>
/// <c>lanyard config check</c> (oauth2-proxy's <c>--config-test</c>) over a table of broken configurations: each one
/// exits 1 and names the option as the user spelled it and where they set it (<c>lanyard.toml:1</c>, the flag, the
/// <c>OAUTH2_PROXY_*</c> variable, the alpha config line), without a stack trace.
/// </summary>
public sealed partial class BrokenConfigurationTests
{
    private const string Tenant = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";
    private const string ValidSecret = "0123456789abcdef0123456789abcdef";

    private static readonly string PublicKeyPem = NewRsa().ExportSubjectPublicKeyInfoPem();

    /// <summary>A self-signed certificate and its key, for rows about listeners that load one.</summary>
    private static readonly (string Certificate, string Key) TlsPair = NewTlsPair();

    private static (string, string) NewTlsPair()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=lanyard.test", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private const string WebhookTls = "kube_webhook_address = \"https://127.0.0.1:8443\"\nkube_webhook_tls_cert_file = \"{dir}/tls.crt\"\nkube_webhook_tls_key_file = \"{dir}/tls.key\"";

    private static readonly string PrivateKeyPem = NewRsa().ExportPkcs8PrivateKeyPem();

    private const string IdentityToken = "identity_token_header = \"X-Lanyard-Identity\"\nidentity_token_issuer = \"https://auth.contoso.test\"";

    private static readonly string ShortRsaPem = System.Security.Cryptography.RSA.Create(1024).ExportPkcs8PrivateKeyPem();

    private static readonly string P384Pem = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384).ExportPkcs8PrivateKeyPem();

    private static readonly string EncryptedPem = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256)
        .ExportEncryptedPkcs8PrivateKeyPem("password", new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes128Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 1000));

    private static System.Security.Cryptography.RSA NewRsa() => System.Security.Cryptography.RSA.Create(2048);

    /// <summary>A configuration that passes; each row adds its broken lines above what it does not replace.</summary>
    private static readonly (string Key, string Line)[] ValidToml =
    [
        ("provider", "provider = \"entra-id\""),
        ("oidc_issuer_url", $"oidc_issuer_url = \"https://login.microsoftonline.com/{Tenant}/v2.0\""),
        ("client_id", "client_id = \"4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f\""),
        ("client_secret", "client_secret = \"s3cret\""),
        ("cookie_secret", $"cookie_secret = \"{ValidSecret}\""),
        ("email_domains", "email_domains = [\"contoso.test\"]"),
        ("upstreams", "upstreams = [\"http://127.0.0.1:8080/\"]"),
    ];

    /// <summary>With <c>--alpha-config</c>, the TOML keeps only what alpha config does not replace.</summary>
    private static readonly string[] AlphaReplaces = ["provider", "oidc_issuer_url", "client_id", "client_secret", "upstreams"];

    private const string ValidAlpha = $"""
        providers:
          - id: entra
            provider: entra-id
            clientID: 4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f
            clientSecret: s3cret
            oidcConfig:
              issuerURL: https://login.microsoftonline.com/{Tenant}/v2.0
        upstreamConfig:
          upstreams:
            - id: app
              path: /
              uri: http://127.0.0.1:8080/
        """;

    /// <summary>
    /// One broken configuration. <see cref="Toml"/> lines come first in lanyard.toml, so a row's own line numbers are
    /// the file's; <c>{dir}</c> anywhere stands for the row's temporary directory, where <see cref="Files"/> are written.
    /// </summary>
    /// <param name="Expected">The start of the error line: <c>option (from origin): message</c>.</param>
    private sealed record BrokenConfig(string Expected)
    {
        public string Toml { get; init; } = "";

        /// <summary>TOML tables (<c>[[authorization_rules]]</c>), written last, as TOML needs: the 7 valid lines come first, so a row's tables start at line 8.</summary>
        public string TomlTables { get; init; } = "";

        public string[] Replaces { get; init; } = [];
        public string[] Flags { get; init; } = [];
        public Dictionary<string, string> Env { get; init; } = [];
        public string? Alpha { get; init; }
        public Dictionary<string, string> Files { get; init; } = [];
    }

    private static readonly Dictionary<string, BrokenConfig> Rows = new()
    {
        // Wrong types.
        ["bool 'maybe' in TOML"] = new("cookie_secure (from lanyard.toml:1): must be true or false") { Toml = "cookie_secure = \"maybe\"" },
        ["bool 'maybe' as a flag"] = new("cookie_httponly (from --cookie-httponly): must be true or false") { Flags = ["--cookie-httponly=maybe"] },
        ["bool 'maybe' in the environment"] = new("reverse_proxy (from OAUTH2_PROXY_REVERSE_PROXY): must be true or false") { Env = { ["OAUTH2_PROXY_REVERSE_PROXY"] = "maybe" } },
        ["duration 'soon' in TOML"] = new("cookie_expire (from lanyard.toml:1): 'soon' is not a duration") { Toml = "cookie_expire = \"soon\"" },
        ["duration 'soon' as a flag"] = new("cookie_refresh (from --cookie-refresh): 'soon' is not a duration") { Flags = ["--cookie-refresh", "soon"] },
        ["duration 'soon' in the environment"] = new("cookie_csrf_expire (from OAUTH2_PROXY_COOKIE_CSRF_EXPIRE): 'soon' is not a duration") { Env = { ["OAUTH2_PROXY_COOKIE_CSRF_EXPIRE"] = "soon" } },
        ["duration without a unit (a TOML number)"] = new("cookie_expire (from lanyard.toml:1): '168' is not a duration") { Toml = "cookie_expire = 168" },
        ["negative duration"] = new("cookie_expire (from lanyard.toml:1): '-1h' is not a duration") { Toml = "cookie_expire = \"-1h\"" },
        ["duration over ten years"] = new("cookie_expire (from lanyard.toml:1): '87601h' is longer than 87600h") { Toml = "cookie_expire = \"87601h\"" },
        ["number of seconds as text"] = new("redis_connection_idle_timeout (from lanyard.toml:3): 'thirty' is not a whole number of seconds")
        {
            Toml = "session_store_type = \"redis\"\nredis_connection_url = \"redis://127.0.0.1:6379\"\nredis_connection_idle_timeout = \"thirty\"",
        },
        // A syntax error has no option to name; Tomlyn's diagnostic gives the file, line and column.
        ["TOML syntax error"] = new("lanyard.toml: lanyard.toml(1,15) : error : Unexpected token end-of-line found while expecting a value") { Toml = "cookie_name = " },
        ["TOML float"] = new("cookie_expire (from lanyard.toml:1): must be a string, a boolean, a number or an array of strings") { Toml = "cookie_expire = 1.5" },
        ["array of numbers"] = new("upstreams (from lanyard.toml:1): must be a string, a boolean, a number or an array of strings") { Toml = "upstreams = [8080]", Replaces = ["upstreams"] },
        ["array where one string is needed"] = new("client_id (from lanyard.toml:1): must be a single string") { Toml = "client_id = [\"a\", \"b\"]", Replaces = ["client_id"] },
        ["number where a list is needed"] = new("email_domains (from lanyard.toml:1): must be a list of strings") { Toml = "email_domains = 7", Replaces = ["email_domains"] },

        // URLs and addresses.
        ["issuer without a scheme"] = new("oidc_issuer_url (from lanyard.toml:1): 'login.microsoftonline.com/common/v2.0' is not an absolute http(s) URL")
        {
            Toml = "oidc_issuer_url = \"login.microsoftonline.com/common/v2.0\"", Replaces = ["oidc_issuer_url"],
        },
        ["issuer over plain http"] = new("oidc_issuer_url (from lanyard.toml:1): 'http://idp.example.test/' must use https") { Toml = "oidc_issuer_url = \"http://idp.example.test/\"", Replaces = ["oidc_issuer_url"] },
        ["issuer with an ftp scheme, as a flag"] = new("oidc_issuer_url (from --oidc-issuer-url): 'ftp://idp.example.test/' is not an absolute http(s) URL") { Flags = ["--oidc-issuer-url=ftp://idp.example.test/"] },
        ["redirect_url garbage"] = new("redirect_url (from lanyard.toml:1): 'not a url' is not an absolute http(s) URL") { Toml = "redirect_url = \"not a url\"" },
        ["redirect_url a bare path, in the environment"] = new("redirect_url (from OAUTH2_PROXY_REDIRECT_URL): '/oauth2/callback' is not an absolute http(s) URL") { Env = { ["OAUTH2_PROXY_REDIRECT_URL"] = "/oauth2/callback" } },
        ["upstream with an ftp scheme"] = new("upstreams (from lanyard.toml:1): 'ftp://files.example.test/': ftp:// is not an upstream scheme") { Toml = "upstreams = [\"ftp://files.example.test/\"]", Replaces = ["upstreams"] },
        ["upstream without a scheme, as a flag"] = new("upstreams (from --upstream): '127.0.0.1:8080': is not an absolute URL") { Flags = ["--upstream=127.0.0.1:8080"] },
        ["static upstream with no status code"] = new("upstreams (from lanyard.toml:1): 'static://999': a static upstream answers with an HTTP status code from 200 to 599") { Toml = "upstreams = [\"static://999\"]", Replaces = ["upstreams"] },
        ["proxy prefix with a trailing slash"] = new("proxy_prefix (from lanyard.toml:1): '/oauth2/' must be a path like /oauth2") { Toml = "proxy_prefix = \"/oauth2/\"" },
        ["proxy prefix that is no path"] = new("proxy_prefix (from OAUTH2_PROXY_PROXY_PREFIX): 'sso' must be a path like /oauth2") { Env = { ["OAUTH2_PROXY_PROXY_PREFIX"] = "sso" } },
        ["csrf cookie limit that is no number"] = new("cookie_csrf_per_request_limit (from --cookie-csrf-per-request-limit): 'some' is not a whole number of cookies") { Flags = ["--cookie-csrf-per-request-limit=some"] },
        ["minimal session cookie with refresh"] = new("session_cookie_minimal (from lanyard.toml:1): cannot be set with cookie_refresh")
        {
            Toml = "session_cookie_minimal = true\ncookie_refresh = \"1h\"",
        },
        ["minimal session cookie passing the access token"] = new("session_cookie_minimal (from --session-cookie-minimal): cannot be set while the X-Forwarded-Access-Token header carries the access_token")
        {
            Flags = ["--session-cookie-minimal=true", "--pass-access-token=true"],
        },
        ["force_https with an https_address that has no port"] = new("https_address (from --https-address): 'example' is not host:port (for example 127.0.0.1:4180 or :4180) (force_https redirects to its port)") { Flags = ["--force-https=true", "--https-address=example"] },
        ["skip_oidc_discovery without login_url"] = new("login_url: is required with skip_oidc_discovery = true: the provider's authorization endpoint, where the browser signs in (e.g. https://idp.example.com/oauth2/authorize)")
        {
            Toml = "skip_oidc_discovery = true\nredeem_url = \"https://idp.example.test/token\"\noidc_jwks_url = \"https://idp.example.test/keys\"",
        },
        ["login_url with discovery"] = new("login_url (from --login-url): is used only with skip_oidc_discovery = true; with discovery the provider's discovery document names this endpoint (oauth2-proxy would silently replace it)")
        {
            Flags = ["--login-url=https://idp.example.test/authorize"],
        },
        ["redeem_url over plain http"] = new("redeem_url (from OAUTH2_PROXY_REDEEM_URL): 'http://idp.example.test/token' must use https (plain http is allowed only for loopback addresses)")
        {
            Toml = "skip_oidc_discovery = true\nlogin_url = \"https://idp.example.test/authorize\"\noidc_jwks_url = \"https://idp.example.test/keys\"",
            Env = { ["OAUTH2_PROXY_REDEEM_URL"] = "http://idp.example.test/token" },
        },
        ["oidc_jwks_url and key files together"] = new("oidc_public_key_files (from lanyard.toml:5): cannot be set together with oidc_jwks_url (as in oauth2-proxy); keep one source of keys")
        {
            Toml = "skip_oidc_discovery = true\nlogin_url = \"https://idp.example.test/authorize\"\nredeem_url = \"https://idp.example.test/token\"\noidc_jwks_url = \"https://idp.example.test/keys\"\noidc_public_key_files = [\"{dir}/idp.pub\"]",
            Files = { ["idp.pub"] = PublicKeyPem },
        },
        ["public key file holding a private key"] = new("oidc_public_key_files (from --oidc-public-key-file): '{dir}/idp.pem' holds a private key; give the provider's public key or certificate only")
        {
            Flags = ["--oidc-public-key-file={dir}/idp.pem"], Files = { ["idp.pem"] = PrivateKeyPem },
        },
        ["public key file with no PEM in it"] = new("oidc_public_key_files (from --oidc-public-key-file): '{dir}/idp.pub' holds no PEM public key or certificate")
        {
            Flags = ["--oidc-public-key-file={dir}/idp.pub"], Files = { ["idp.pub"] = "ssh-rsa AAAAB3NzaC1yc2E not a PEM" },
        },
        ["request_logging_format with a field it lacks"] = new("request_logging_format (from lanyard.toml:1): '{{.Message}}' is not a field of this format; the fields are")
        {
            Toml = "request_logging_format = \"{{.Client}} {{.Message}}\"",
        },
        ["auth_logging_format with a Go action"] = new("auth_logging_format (from --auth-logging-format): '{{if .Username}}' is not supported: only {{.Field}} placeholders are")
        {
            Flags = ["--auth-logging-format={{if .Username}}{{.Username}}{{end}}"],
        },
        ["standard_logging_format never closed"] = new("standard_logging_format (from OAUTH2_PROXY_STANDARD_LOGGING_FORMAT): '{{' at character 1 is never closed with '}}'")
        {
            Env = { ["OAUTH2_PROXY_STANDARD_LOGGING_FORMAT"] = "{{.Message" },
        },
        ["request_id_header that is no header name"] = new("request_id_header (from lanyard.toml:1): 'X Request Id' is not an HTTP header name") { Toml = "request_id_header = \"X Request Id\"" },
        ["logging_format that is no format"] = new("logging_format (from --logging-format): 'logfmt' is not a log format: use text (oauth2-proxy's lines) or json (one JSON object a line)") { Flags = ["--logging-format=logfmt"] },
        ["bearer_token_cache_size that is no number"] = new("bearer_token_cache_size (from OAUTH2_PROXY_BEARER_TOKEN_CACHE_SIZE): '10k' is not a whole number of tokens") { Env = { ["OAUTH2_PROXY_BEARER_TOKEN_CACHE_SIZE"] = "10k" } },
        ["bearer_token_cache_size too large"] = new("bearer_token_cache_size (from lanyard.toml:1): 5000000 is more than 1000000 tokens") { Toml = "bearer_token_cache_size = \"5000000\"" },
        ["exclude_logging_paths entry that is no path"] = new("exclude_logging_paths (from --exclude-logging-path): 'ping' is not a path (it starts with /)") { Flags = ["--exclude-logging-path=ping"] },
        ["ping_path under proxy_prefix"] = new("ping_path (from lanyard.toml:1): '/oauth2/auth' is under proxy_prefix /oauth2, where Lanyard's own endpoints are; choose a path outside it") { Toml = "ping_path = \"/oauth2/auth\"" },
        ["ping_path and ready_path the same"] = new("ping_path (from lanyard.toml:1): '/health' is also ready_path; give the two probes different paths") { Toml = "ping_path = \"/health\"\nready_path = \"/health\"" },
        ["htpasswd_file with a {SHA} entry"] = new("htpasswd_file (from lanyard.toml:1): '{dir}/users' line 1 (ops) is a {SHA} hash; Lanyard takes bcrypt only (htpasswd -B)")
        {
            Toml = "htpasswd_file = \"{dir}/users\"", Files = { ["users"] = "ops:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n" },
        },
        ["htpasswd_file missing"] = new("htpasswd_file (from --htpasswd-file): '{dir}/missing' does not exist") { Flags = ["--htpasswd-file={dir}/missing"] },
        ["htpasswd_user_groups without htpasswd_file"] = new("htpasswd_user_groups (from --htpasswd-user-group): needs htpasswd_file") { Flags = ["--htpasswd-user-group=ops"] },
        ["provider_ca_files entry without a certificate"] = new("provider_ca_files (from lanyard.toml:1): '{dir}/ca.pem' holds no PEM CERTIFICATE")
        {
            Toml = "provider_ca_files = [\"{dir}/ca.pem\"]", Files = { ["ca.pem"] = "not a certificate" },
        },
        ["provider_ca_files entry missing"] = new("provider_ca_files (from --provider-ca-file): '{dir}/missing.pem' does not exist") { Flags = ["--provider-ca-file={dir}/missing.pem"] },
        ["extra_jwt_issuers without an audience"] = new("extra_jwt_issuers (from lanyard.toml:2): 'https://idp.example.test/' is not issuer=audience")
        {
            Toml = "skip_jwt_bearer_tokens = true\nextra_jwt_issuers = [\"https://idp.example.test/\"]",
        },
        ["extra_jwt_issuers over plain http"] = new("extra_jwt_issuers (from --extra-jwt-issuers): 'http://idp.example.test' is not an https URL") { Flags = ["--skip-jwt-bearer-tokens=true", "--extra-jwt-issuers=http://idp.example.test=api://x"] },
        ["extra_jwt_issuers without skip_jwt_bearer_tokens"] = new("extra_jwt_issuers (from --extra-jwt-issuers): needs skip_jwt_bearer_tokens = true") { Flags = ["--extra-jwt-issuers=https://idp.example.test/=api://x"] },
        ["tls_min_version without TLS files"] = new("tls_min_version (from lanyard.toml:1): applies to the https listener only; set tls_cert_file and tls_key_file (and https_address) or remove it") { Toml = "tls_min_version = \"TLS1.3\"" },
        ["two upstreams on one path"] = new("upstreams (from lanyard.toml:1): two upstreams use the path '/'") { Toml = "upstreams = [\"http://127.0.0.1:1/\", \"http://127.0.0.1:2/\"]", Replaces = ["upstreams"] },
        ["graph URL not absolute"] = new("entra_id_graph_url (from lanyard.toml:1): 'graph.microsoft.com' is not an absolute http(s) URL") { Toml = "entra_id_graph_url = \"graph.microsoft.com\"" },
        ["whitelist domain that is a URL"] = new("whitelist_domains (from lanyard.toml:1): 'https://app.example.test/' must be a domain") { Toml = "whitelist_domains = [\"https://app.example.test/\"]" },
        ["whitelist domain that names every host"] = new("whitelist_domains (from --whitelist-domain): '*.' names no single domain") { Flags = ["--whitelist-domain=*."] },
        ["redis URL with an http scheme"] = new("redis_connection_url (from lanyard.toml:2): 'http://127.0.0.1:6379' is not a redis:// or rediss:// URL")
        {
            Toml = "session_store_type = \"redis\"\nredis_connection_url = \"http://127.0.0.1:6379\"",
        },
        ["listen address without a port"] = new("http_address (from lanyard.toml:1): 'localhost' is not host:port") { Toml = "http_address = \"localhost\"" },
        ["listen address on a unix socket, as a flag"] = new("http_address (from --http-address): only [http(s)://]host:port addresses are supported") { Flags = ["--http-address=unix:///run/lanyard.sock"] },
        ["trusted proxy CIDR out of range"] = new("trusted_proxy_ips (from lanyard.toml:1): '10.0.0.0/33' is not an IP address or CIDR range") { Toml = "trusted_proxy_ips = [\"10.0.0.0/33\"]" },
        ["client IP header not allowed"] = new("real_client_ip_header (from lanyard.toml:1): 'X-Client-IP' is not one of") { Toml = "real_client_ip_header = \"X-Client-IP\"" },
        ["skip-auth route regex that does not compile"] = new("skip_auth_routes (from lanyard.toml:1): 'GET=^/api/(v1' is not a valid regular expression") { Toml = "skip_auth_routes = [\"GET=^/api/(v1\"]" },
        ["skip-auth route whose method is not one, as a flag"] = new("skip_auth_routes (from --skip-auth-route): '^/a=b': '^/a' before '=' is not an HTTP method") { Flags = ["--skip-auth-route=^/a=b"] },
        ["skip-auth route with an empty regex"] = new("skip_auth_routes (from lanyard.toml:1): 'GET=' has an empty regex, which matches every path") { Toml = "skip_auth_routes = [\"GET=\"]" },
        ["skip_auth_regex with lookbehind, which RE2 lacks"] = new("skip_auth_regex (from lanyard.toml:1): '^/(?<!x)a' is not a valid regular expression") { Toml = "skip_auth_regex = [\"^/(?<!x)a\"]" },
        ["api route regex that does not compile, in the environment"] = new("api_routes (from OAUTH2_PROXY_API_ROUTES): '^/api/[' is not a valid regular expression") { Env = { ["OAUTH2_PROXY_API_ROUTES"] = "^/api/[" } },
        ["trusted IP CIDR out of range"] = new("trusted_ips (from lanyard.toml:1): '10.0.0.0/33' is not an IP address or CIDR range") { Toml = "trusted_ips = [\"10.0.0.0/33\"]" },
        ["trusted IP that is a host name, as a flag"] = new("trusted_ips (from --trusted-ip): 'gateway' is not an IP address or CIDR range") { Flags = ["--trusted-ip=gateway"] },
        ["authenticated_emails_file missing"] = new("authenticated_emails_file (from lanyard.toml:1): '{dir}/emails.txt' does not exist") { Toml = "authenticated_emails_file = \"{dir}/emails.txt\"" },
        ["relative redirect_url that is not a path"] = new("redirect_url (from lanyard.toml:2): '//evil.test/cb' is not a path like /oauth2/callback") { Toml = "relative_redirect_url = true\nredirect_url = \"//evil.test/cb\"" },
        ["tenant that is not a GUID"] = new("entra_id_allowed_tenants (from lanyard.toml:1): 'contoso' is not a tenant id") { Toml = "entra_id_allowed_tenants = [\"contoso\"]" },

        // Cookie secrets: oauth2-proxy needs 16, 24 or 32 bytes.
        ["cookie secret of 5 bytes"] = new("cookie_secret (from lanyard.toml:1): must be 16, 24 or 32 bytes, raw or base64 encoded (it is 5 bytes") { Toml = "cookie_secret = \"short\"", Replaces = ["cookie_secret"] },
        ["cookie secret of 20 bytes, as a flag"] = new("cookie_secret (from --cookie-secret): must be 16, 24 or 32 bytes, raw or base64 encoded (it is 20 bytes") { Flags = ["--cookie-secret=0123456789abcdefghij"] },
        ["cookie secret that decodes to 20 bytes, in the environment"] = new("cookie_secret (from OAUTH2_PROXY_COOKIE_SECRET): must be 16, 24 or 32 bytes, raw or base64 encoded (it is 28 bytes, and 20 bytes when base64-decoded")
        {
            Env = { ["OAUTH2_PROXY_COOKIE_SECRET"] = Convert.ToBase64String(new byte[20]) },
        },
        ["previous cookie secret too short"] = new("cookie_previous_secrets (from lanyard.toml:1): an entry must be 16, 24 or 32 bytes") { Toml = "cookie_previous_secrets = [\"tooshort\"]" },
        ["cookie secret file of 10 bytes"] = new("cookie_secret_file (from lanyard.toml:1): '{dir}/cookie-secret' must be 16, 24 or 32 bytes")
        {
            Toml = "cookie_secret_file = \"{dir}/cookie-secret\"", Replaces = ["cookie_secret"], Files = { ["cookie-secret"] = "0123456789" },
        },

        // Per-route rules (issue 11): every mistake names the rule, the key as spelled and its line.
        ["rule with an unknown key"] = new("authorization_rules[0].pahts (from lanyard.toml:10): rule 'a': unknown key (did you mean 'paths'?)")
        {
            TomlTables = "[[authorization_rules]]\nname = \"a\"\npahts = [\"/\"]\naction = \"allow\"",
        },
        ["rule with an unknown action"] = new("authorization_rules[0].action (from lanyard.toml:11): rule 'a': 'permit' is not an action; write allow, deny or skip_auth")
        {
            TomlTables = "[[authorization_rules]]\nname = \"a\"\npaths = [\"/\"]\naction = \"permit\"",
        },
        ["rule with a broken regex"] = new("authorization_rules[0].path_regex (from lanyard.toml:10): rule 'a': '^/a(' is not a valid regular expression")
        {
            TomlTables = "[[authorization_rules]]\nname = \"a\"\npath_regex = \"^/a(\"\naction = \"allow\"",
        },
        ["rule without a name"] = new("authorization_rules[0] (from lanyard.toml:8): a rule needs a name (name = \"...\")")
        {
            TomlTables = "[[authorization_rules]]\npaths = [\"/\"]\naction = \"allow\"",
        },
        ["two rules of one name"] = new("authorization_rules[1].name (from lanyard.toml:13): rule 'a' is defined twice")
        {
            TomlTables = "[[authorization_rules]]\nname = \"a\"\npaths = [\"/\"]\naction = \"allow\"\n[[authorization_rules]]\nname = \"a\"\npaths = [\"/b\"]\naction = \"deny\"",
        },
        ["rule that matches nothing in particular"] = new("authorization_rules[0] (from lanyard.toml:8): rule 'a': matches nothing in particular: give hosts, paths, path_regex or methods")
        {
            TomlTables = "[[authorization_rules]]\nname = \"a\"\naction = \"allow\"",
        },
        ["skip_auth rule with requirements"] = new("authorization_rules[0].require (from lanyard.toml:12): rule 'a': a skip_auth rule lets requests pass before anyone signs in")
        {
            TomlTables = "[[authorization_rules]]\nname = \"a\"\npaths = [\"/\"]\naction = \"skip_auth\"\nrequire = { any_groups = [\"g\"] }",
        },
        ["rule as a single table"] = new("[authorization_rules] (from lanyard.toml:8): write each rule as [[authorization_rules]]")
        {
            TomlTables = "[authorization_rules]\nname = \"a\"",
        },
        ["alpha rule with an unknown requirement"] = new("authorization.rules[0].require.anyGroup (from alpha.yaml:3): rule 'a': unknown key (did you mean 'anyGroups'?)")
        {
            Alpha = "authorization:\n  rules:\n    - {name: a, paths: [/], action: allow, require: {anyGroup: [g]}}\n",
        },
        ["alpha rule set without rules"] = new("authorization.ruleSets.admin (from alpha.yaml:3): has no rules")
        {
            Alpha = "authorization:\n  ruleSets:\n    admin: []\n",
        },
        ["rules in both TOML and alpha config"] = new("authorization_rules (from lanyard.toml:3): alpha.yaml:2, authorization sets per-route rules too")
        {
            Alpha = "authorization:\n  rules:\n    - {name: a, paths: [/], action: allow}\n",
            TomlTables = "[[authorization_rules]]\nname = \"b\"\npaths = [\"/\"]\naction = \"allow\"",
        },

        // Regexes: compiled at startup, so a broken one is an error naming its option, never a route that silently never matches.
        ["skip_auth_regex with a broken regex"] = new("skip_auth_regex (from lanyard.toml:1): '^/health(' is not a valid regular expression") { Toml = "skip_auth_regex = [\"^/health(\"]" },
        ["alpha upstream whose rewrite path is no regex"] = new("upstreamConfig.upstreams[0].path (from alpha.yaml:4): '^/api/(.*$' is not a regular expression")
        {
            Alpha = "upstreamConfig:\n  upstreams:\n    - id: api\n      path: ^/api/(.*$\n      rewriteTarget: /$1\n      uri: http://127.0.0.1:8080/\n",
        },
        ["alpha static upstream with a uri"] = new("upstreamConfig.upstreams[0].uri (from alpha.yaml:3): has no effect on a static upstream")
        {
            Alpha = "upstreamConfig:\n  upstreams:\n    - {id: ok, path: /, static: true, uri: 'http://127.0.0.1:8080/'}\n",
        },
        ["alpha staticCode without static"] = new("upstreamConfig.upstreams[0].staticCode (from alpha.yaml:3): is set, but the upstream is not static")
        {
            Alpha = "upstreamConfig:\n  upstreams:\n    - {id: ok, path: /, staticCode: 204, uri: 'http://127.0.0.1:8080/'}\n",
        },
        ["alpha upstream timeout that is no duration"] = new("upstreamConfig.upstreams[0].timeout (from alpha.yaml:3): 'soon' is not a duration")
        {
            Alpha = "upstreamConfig:\n  upstreams:\n    - {id: app, path: /, uri: 'http://127.0.0.1:8080/', timeout: soon}\n",
        },

        // Options that conflict.
        ["cookie_secret and cookie_secret_file"] = new("cookie_secret_file (from lanyard.toml:1): cannot be set together with cookie_secret")
        {
            Toml = "cookie_secret_file = \"{dir}/cookie-secret\"", Files = { ["cookie-secret"] = ValidSecret },
        },
        ["client_secret and client_secret_file"] = new("client_secret_file (from lanyard.toml:1): cannot be set together with client_secret")
        {
            Toml = "client_secret_file = \"{dir}/client-secret\"", Files = { ["client-secret"] = "s3cret" },
        },
        // A higher layer's client_secret_file replaces the file's client_secret (SettingsLayers.Alternatives); both as flags conflict.
        ["--client-secret and --client-secret-file"] = new("client_secret_file (from --client-secret-file): cannot be set together with client_secret")
        {
            Flags = ["--client-secret=s3cret", "--client-secret-file={dir}/client-secret"], Files = { ["client-secret"] = "s3cret" },
        },
        ["alpha config and --client-id"] = new("client_id (from --client-id): alpha.yaml:4, providers[0].clientID sets it too") { Alpha = ValidAlpha, Flags = ["--client-id=other"] },
        ["alpha config and upstreams in TOML"] = new("upstreams (from lanyard.toml:1): alpha.yaml:10, upstreamConfig.upstreams sets it too") { Alpha = ValidAlpha, Toml = "upstreams = [\"http://127.0.0.1:9000/\"]" },
        ["alpha config and OAUTH2_PROXY_HTTP_ADDRESS"] = new("http_address (from OAUTH2_PROXY_HTTP_ADDRESS): alpha config (alpha.yaml) replaces it") { Alpha = ValidAlpha, Env = { ["OAUTH2_PROXY_HTTP_ADDRESS"] = "127.0.0.1:5000" } },
        ["redis sentinel and cluster at once"] = new("redis_use_cluster (from lanyard.toml:3): cannot be on together with redis_use_sentinel")
        {
            Toml = "session_store_type = \"redis\"\nredis_use_sentinel = true\nredis_use_cluster = true",
        },
        ["two client authentications"] = new("entra_id_client_assertion (from --entra-id-client-assertion): choose one way to authenticate the client")
        {
            Flags = ["--entra-id-federated-token-auth", "--entra-id-client-assertion=AzureManagedIdentity"],
        },
        ["SameSite=None on an insecure cookie"] = new("cookie_samesite (from lanyard.toml:1): 'none' needs cookie_secure = true") { Toml = "cookie_samesite = \"none\"\ncookie_secure = false" },
        ["cookie refresh not shorter than expire"] = new("cookie_refresh (from lanyard.toml:1): must be shorter than cookie_expire")
        {
            Toml = "cookie_refresh = \"2h\"\ncookie_expire = \"1h\"\nscope = \"openid offline_access\"",
        },
        ["cookie refresh without offline_access"] = new("cookie_refresh (from --cookie-refresh): needs offline_access in scope") { Flags = ["--cookie-refresh=1h"] },
        ["__Host- cookie on a path"] = new("cookie_path (from lanyard.toml:2): must be / for cookie_name '__Host-session'") { Toml = "cookie_name = \"__Host-session\"\ncookie_path = \"/app\"" },
        ["strict SameSite for the sign-in cookie"] = new("cookie_csrf_samesite (from lanyard.toml:1): 'strict' would drop the sign-in cookie") { Toml = "cookie_csrf_samesite = \"strict\"" },
        ["ext_authz gRPC address that is not host:port"] = new("ext_authz_grpc_address (from lanyard.toml:1): 'grpc' is not host:port (for example 127.0.0.1:4180 or :4180)") { Toml = "ext_authz_grpc_address = \"grpc\"" },
        ["ext_authz gRPC address over TLS without a certificate"] = new("ext_authz_grpc_address (from --ext-authz-grpc-address): an https:// address needs tls_cert_file and tls_key_file") { Flags = ["--ext-authz-grpc-address=https://127.0.0.1:9191"] },
        ["ext_authz gRPC address on the http port"] = new("ext_authz_grpc_address (from OAUTH2_PROXY_EXT_AUTHZ_GRPC_ADDRESS): port 4180 is already another Lanyard listener's") { Env = { ["OAUTH2_PROXY_EXT_AUTHZ_GRPC_ADDRESS"] = "127.0.0.1:4180" } },
        ["TokenReview webhook over plain HTTP"] = new("kube_webhook_address (from lanyard.toml:1): must be https://host:port") { Toml = "kube_webhook_address = \"127.0.0.1:8443\"" },
        ["TokenReview webhook without a certificate"] = new("kube_webhook_address (from lanyard.toml:1): needs a certificate: kube_webhook_tls_cert_file and kube_webhook_tls_key_file") { Toml = "kube_webhook_address = \"https://127.0.0.1:8443\"" },
        ["TokenReview webhook open to any caller"] = new("kube_webhook_address (from lanyard.toml:1): needs kube_webhook_client_ca_file (the CA of the API server's client certificate) or kube_webhook_token_file")
        {
            Toml = WebhookTls, Files = { ["tls.crt"] = TlsPair.Certificate, ["tls.key"] = TlsPair.Key },
        },
        ["TokenReview webhook token too short"] = new("kube_webhook_token_file (from lanyard.toml:4): the token in '{dir}/token' is shorter than 16 characters")
        {
            Toml = WebhookTls + "\nkube_webhook_token_file = \"{dir}/token\"", Files = { ["tls.crt"] = TlsPair.Certificate, ["tls.key"] = TlsPair.Key, ["token"] = "short\n" },
        },
        ["TokenReview webhook client CA that is not PEM"] = new("kube_webhook_client_ca_file (from lanyard.toml:4): '{dir}/ca.pem' holds no PEM certificate")
        {
            Toml = WebhookTls + "\nkube_webhook_client_ca_file = \"{dir}/ca.pem\"", Files = { ["tls.crt"] = TlsPair.Certificate, ["tls.key"] = TlsPair.Key, ["ca.pem"] = "not a certificate" },
        },
        ["TokenReview webhook option without the webhook"] = new("kube_webhook_token_file (from --kube-webhook-token-file): applies to the TokenReview webhook only") { Flags = ["--kube-webhook-token-file=/etc/lanyard/token"] },
        ["Kubernetes user name from an unknown claim"] = new("kube_username_claim (from lanyard.toml:1): 'name' is not one of upn, oid, email, preferred_username, sub") { Toml = "kube_username_claim = \"name\"" },
        ["Kubernetes user prefix in system:"] = new("kube_username_prefix (from OAUTH2_PROXY_KUBE_USERNAME_PREFIX): must not start with 'system:'") { Env = { ["OAUTH2_PROXY_KUBE_USERNAME_PREFIX"] = "system:entra:" } },
        ["Kubernetes group cache too long"] = new("kube_group_cache_ttl (from lanyard.toml:1): is longer than 10m") { Toml = "kube_group_cache_ttl = \"1h\"" },

        ["identity token without an issuer or an absolute redirect_url"] = new("identity_token_issuer: is needed with identity_token_header (set at lanyard.toml:1) when redirect_url is not an absolute URL")
        {
            Toml = "identity_token_header = \"X-Lanyard-Identity\"",
        },
        ["identity token issuer without its header"] = new("identity_token_issuer (from --identity-token-issuer): is set but identity_token_header is not, so no identity token is sent") { Flags = ["--identity-token-issuer=https://auth.contoso.test"] },
        ["identity token header that is not a header name"] = new("identity_token_header (from lanyard.toml:1): 'X Lanyard' is not a header name") { Toml = "identity_token_header = \"X Lanyard\"\nredirect_url = \"https://auth.contoso.test/oauth2/callback\"" },
        ["identity token in an identity header's name"] = new("identity_token_header (from OAUTH2_PROXY_IDENTITY_TOKEN_HEADER): 'X-Forwarded-User' already has a meaning; give the token a header of its own")
        {
            Toml = "redirect_url = \"https://auth.contoso.test/oauth2/callback\"", Env = { ["OAUTH2_PROXY_IDENTITY_TOKEN_HEADER"] = "X-Forwarded-User" },
        },
        ["identity token in Authorization"] = new("identity_token_header (from lanyard.toml:1): 'Authorization' already has a meaning") { Toml = "identity_token_header = \"Authorization\"\nidentity_token_issuer = \"https://auth.contoso.test\"" },
        ["ping_path on the identity token key set"] = new("ping_path (from --ping-path): '/.well-known/lanyard/jwks.json' is where Lanyard publishes its identity token keys") { Flags = ["--ping-path=/.well-known/lanyard/jwks.json"] },
        ["identity token lifetime too short"] = new("identity_token_lifetime (from --identity-token-lifetime): '10s' is outside 30s to 1h")
        {
            Toml = IdentityToken, Flags = ["--identity-token-lifetime=10s"],
        },
        ["identity token lifetime too long, in the environment"] = new("identity_token_lifetime (from OAUTH2_PROXY_IDENTITY_TOKEN_LIFETIME): '2h' is outside 30s to 1h")
        {
            Toml = IdentityToken, Env = { ["OAUTH2_PROXY_IDENTITY_TOKEN_LIFETIME"] = "2h" },
        },
        ["identity token key file missing"] = new("identity_token_key_file (from lanyard.toml:3): '{dir}/missing.pem' does not exist")
        {
            Toml = IdentityToken + "\nidentity_token_key_file = \"{dir}/missing.pem\"",
        },
        ["identity token key file with a public key only"] = new("identity_token_key_file (from --identity-token-key-file): '{dir}/signer.pem' holds no PEM private key")
        {
            Toml = IdentityToken, Flags = ["--identity-token-key-file={dir}/signer.pem"], Files = { ["signer.pem"] = PublicKeyPem },
        },
        ["identity token key file with a short RSA key"] = new("identity_token_key_file (from --identity-token-key-file): '{dir}/signer.pem' holds a 1024-bit RSA key; identity tokens need 2048 bits or more")
        {
            Toml = IdentityToken, Flags = ["--identity-token-key-file={dir}/signer.pem"], Files = { ["signer.pem"] = ShortRsaPem },
        },
        ["identity token key file with a P-384 key"] = new("identity_token_key_file (from --identity-token-key-file): '{dir}/signer.pem' holds an EC key on another curve than P-256")
        {
            Toml = IdentityToken, Flags = ["--identity-token-key-file={dir}/signer.pem"], Files = { ["signer.pem"] = P384Pem },
        },
        ["identity token key file encrypted"] = new("identity_token_key_file (from --identity-token-key-file): '{dir}/signer.pem' holds an encrypted private key")
        {
            Toml = IdentityToken, Flags = ["--identity-token-key-file={dir}/signer.pem"], Files = { ["signer.pem"] = EncryptedPem },
        },
        ["metrics https address without a certificate"] = new("metrics_secure_address (from lanyard.toml:1): needs metrics_tls_cert_file and metrics_tls_key_file") { Toml = "metrics_secure_address = \"127.0.0.1:9443\"" },
        ["Entra tenants with the oidc provider"] = new("entra_id_allowed_tenants (from lanyard.toml:2): applies to provider = \"entra-id\" only")
        {
            Toml = $"provider = \"oidc\"\nentra_id_allowed_tenants = [\"{Tenant}\"]", Replaces = ["provider"],
        },

        // Providers Lanyard does not implement.
        ["provider github"] = new("provider (from lanyard.toml:1): 'github' is not a provider Lanyard supports") { Toml = "provider = \"github\"", Replaces = ["provider"] },
        ["provider gitlab, in the environment"] = new("provider (from OAUTH2_PROXY_PROVIDER): 'gitlab' is not a provider Lanyard supports") { Env = { ["OAUTH2_PROXY_PROVIDER"] = "gitlab" } },
        ["alpha provider with githubConfig"] = new("providers[0].githubConfig (from alpha.yaml:4): is not supported")
        {
            Alpha = "providers:\n  - id: gh\n    provider: github\n    githubConfig: {org: contoso}\n",
        },

        // Options Lanyard refuses, with their reason.
        ["github_org in TOML"] = new("github_org (from lanyard.toml:1): is not supported: belongs to a provider Lanyard does not implement") { Toml = "github_org = \"contoso\"" },
        ["--signature-key"] = new("signature_key (from --signature-key): is not supported: GAP-Signature request signing is deprecated") { Flags = ["--signature-key=sha256:secret"] },
        ["OAUTH2_PROXY_LOGGING_FILENAME"] = new("logging_filename (from OAUTH2_PROXY_LOGGING_FILENAME): is not supported: Lanyard writes its logs to stdout and stderr only") { Env = { ["OAUTH2_PROXY_LOGGING_FILENAME"] = "/var/log/lanyard.log" } },
        ["bare --ssl-insecure-skip-verify"] = new("ssl_insecure_skip_verify (from --ssl-insecure-skip-verify): is not supported: would accept any certificate") { Flags = ["--ssl-insecure-skip-verify"] },
        ["alpha validateURL"] = new("validate_url (from alpha.yaml:6, providers[0].validateURL): is not supported")
        {
            Alpha = ValidAlpha.Replace("    oidcConfig:", "    validateURL: https://idp.example.test/validate\n    oidcConfig:", StringComparison.Ordinal),
        },

        // Files that are not there.
        ["tls_cert_file missing"] = new("tls_cert_file (from lanyard.toml:1): cannot load '{dir}/tls.crt' with the key in '{dir}/tls.key'")
        {
            Toml = "tls_cert_file = \"{dir}/tls.crt\"\ntls_key_file = \"{dir}/tls.key\"",
        },
        ["alpha config file missing"] = new("--alpha-config: cannot read '{dir}/alpha.yaml'") { Flags = ["--alpha-config={dir}/alpha.yaml"] },
        ["tls_cert_file without tls_key_file"] = new("tls_cert_file (from lanyard.toml:1): needs tls_key_file too")
        {
            Toml = "tls_cert_file = \"{dir}/tls.crt\"", Files = { ["tls.crt"] = "not read: the key is missing first" },
        },
        ["--tls-key-file without a certificate"] = new("tls_key_file (from --tls-key-file): needs tls_cert_file too") { Flags = ["--tls-key-file=/etc/tls/tls.key"] },
        ["client_secret_file missing"] = new("client_secret_file (from lanyard.toml:1): '{dir}/client-secret' does not exist")
        {
            Toml = "client_secret_file = \"{dir}/client-secret\"", Replaces = ["client_secret"],
        },
        ["cookie_secret_file missing"] = new("cookie_secret_file (from lanyard.toml:1): '{dir}/cookie-secret' does not exist")
        {
            Toml = "cookie_secret_file = \"{dir}/cookie-secret\"", Replaces = ["cookie_secret"],
        },
        ["a key set twice"] = new("lanyard.toml: lanyard.toml(5,1) : error : The key `client_secret` is already defined") { Toml = "client_secret = \"topsecret\"" },
        // The valid lines below the table header become its keys, client_secret = "s3cret" among them.
        ["a TOML table"] = new("[provider] (from lanyard.toml:1): tables are not options") { Toml = "[provider]" },
        ["file:// upstream directory missing"] = new("upstreams (from lanyard.toml:1): 'file://{dir}/www#/': the directory '{dir}/www' does not exist")
        {
            Toml = "upstreams = [\"file://{dir}/www#/\"]", Replaces = ["upstreams"],
        },
        ["redis CA file missing"] = new("redis_ca_path (from lanyard.toml:3): '{dir}/ca.pem' could not be read as PEM certificates")
        {
            Toml = "session_store_type = \"redis\"\nredis_connection_url = \"rediss://127.0.0.1:6379\"\nredis_ca_path = \"{dir}/ca.pem\"",
        },
        ["client certificate file missing"] = new("entra_id_client_certificate_file (from lanyard.toml:1): cannot read a certificate and private key from '{dir}/client.pem'")
        {
            Toml = "entra_id_client_certificate_file = \"{dir}/client.pem\"", Replaces = ["client_secret"],
        },
        ["service-account token file missing"] = new("entra_id_client_assertion (from OAUTH2_PROXY_ENTRA_ID_CLIENT_ASSERTION): the token file '{dir}/token' (Kubernetes service-account token) does not exist")
        {
            Replaces = ["client_secret"], Env = { ["OAUTH2_PROXY_ENTRA_ID_CLIENT_ASSERTION"] = "KubernetesServiceAccountToken={dir}/token" },
        },

        // Unknown names, with the did-you-mean hint.
        ["misspelled TOML key"] = new("cookie_secert (from lanyard.toml:1): unknown option (did you mean 'cookie_secret'?)") { Toml = "cookie_secert = \"x\"" },
        ["flag spelling as a TOML key"] = new("email-domain (from lanyard.toml:1): unknown option (did you mean 'email_domains'?)") { Toml = "email-domain = [\"contoso.test\"]" },
        ["misspelled flag"] = new("--cookie-secert (from command line): unknown option (did you mean '--cookie-secret'?)") { Flags = ["--cookie-secert=x"] },
        ["TOML spelling of a list flag"] = new("--email-domains (from command line): unknown option (did you mean '--email-domain'?)") { Flags = ["--email-domains=*"] },
        ["flag without its value"] = new("Required argument missing for option: '--cookie-expire'.") { Flags = ["--cookie-expire"] },
        ["stray argument"] = new("extra (from command line): unexpected argument") { Flags = ["extra"] },

        // Broken alpha config.
        ["alpha YAML syntax error"] = new("--alpha-config (from alpha.yaml:2): is not valid YAML") { Alpha = "providers: [\n  - id: a\n" },
        ["alpha providers not a list"] = new("providers (from alpha.yaml:1): must be a list") { Alpha = "providers: {id: a}\n" },
        ["alpha server not a mapping"] = new("server (from alpha.yaml:13): must be a mapping of fields") { Alpha = ValidAlpha + "\nserver: 127.0.0.1:4180\n" },
        ["alpha bool 'maybe'"] = new("upstreamConfig.upstreams[0].static (from alpha.yaml:3): 'maybe' must be true or false") { Alpha = "upstreamConfig:\n  upstreams:\n    - {id: a, path: /, static: maybe}\n" },
        ["alpha misspelled field"] = new("providers[0].clientSecrte (from alpha.yaml:5): unknown field (did you mean 'clientSecret'?)") { Alpha = ValidAlpha.Replace("clientSecret:", "clientSecrte:", StringComparison.Ordinal) },
        ["alpha issuer over plain http"] = new("oidc_issuer_url (from alpha.yaml:7, providers[0].oidcConfig.issuerURL): 'http://idp.example.test/' must use https")
        {
            Alpha = ValidAlpha.Replace($"https://login.microsoftonline.com/{Tenant}/v2.0", "http://idp.example.test/", StringComparison.Ordinal),
        },

        // Pages.
        ["logo file missing"] = new("custom_sign_in_logo (from lanyard.toml:1): '{dir}/logo.png' does not exist") { Toml = "custom_sign_in_logo = \"{dir}/logo.png\"" },
        ["logo of an unsupported type"] = new("custom_sign_in_logo (from --custom-sign-in-logo): '{dir}/logo.gif' has the extension '.gif'; supported are .svg, .jpg, .jpeg and .png")
        {
            Flags = ["--custom-sign-in-logo={dir}/logo.gif"], Files = { ["logo.gif"] = "GIF89a" },
        },
        ["logo over plain http"] = new("custom_sign_in_logo (from OAUTH2_PROXY_CUSTOM_SIGN_IN_LOGO): 'http://cdn.example.test/logo.png' must be an https URL or an image file")
        {
            Env = { ["OAUTH2_PROXY_CUSTOM_SIGN_IN_LOGO"] = "http://cdn.example.test/logo.png" },
        },
        ["templates directory missing"] = new("custom_templates_dir (from lanyard.toml:1): '{dir}/templates' is not a directory") { Toml = "custom_templates_dir = \"{dir}/templates\"" },
        ["template with {{range}}"] = new("custom_templates_dir (from lanyard.toml:1): '{dir}/sign_in.html' line 2: {{range}} is not supported")
        {
            Toml = "custom_templates_dir = \"{dir}\"", Files = { ["sign_in.html"] = "<ul>\n{{range .Groups}}<li>{{.}}</li>{{end}}\n</ul>" },
        },
        ["template printing inside a script"] = new("custom_templates_dir (from lanyard.toml:1): '{dir}/error.html' line 1: {{.Message}} is inside <script>")
        {
            Toml = "custom_templates_dir = \"{dir}\"", Files = { ["error.html"] = "<script>var m = \"{{.Message}}\";</script>" },
        },
        ["template with an unknown field"] = new("custom_templates_dir (from lanyard.toml:1): '{dir}/sign_in.html' line 1: .Email is not a field of sign_in.html")
        {
            Toml = "custom_templates_dir = \"{dir}\"", Files = { ["sign_in.html"] = "<p>{{.Email}}</p>" },
        },

        // Bad environment values.
        ["SameSite 'sideways' in the environment"] = new("cookie_samesite (from OAUTH2_PROXY_COOKIE_SAMESITE): 'sideways' is not one of lax, strict, none") { Env = { ["OAUTH2_PROXY_COOKIE_SAMESITE"] = "sideways" } },
        ["session store 'memcached' in the environment"] = new("session_store_type (from OAUTH2_PROXY_SESSION_STORE_TYPE): 'memcached' is not a session store") { Env = { ["OAUTH2_PROXY_SESSION_STORE_TYPE"] = "memcached" } },
        ["PKCE method plain"] = new("code_challenge_method (from lanyard.toml:1): 'plain' is refused: it sends the PKCE verifier itself in the authorize URL") { Toml = "code_challenge_method = \"plain\"" },
        ["unknown PKCE method"] = new("code_challenge_method (from --code-challenge-method): 'S512' is not a PKCE method; Lanyard uses S256") { Flags = ["--code-challenge-method=S512"] },
        ["deprecated PKCE method plain"] = new("force_code_challenge_method (from OAUTH2_PROXY_FORCE_CODE_CHALLENGE_METHOD): 'plain' is refused") { Env = { ["OAUTH2_PROXY_FORCE_CODE_CHALLENGE_METHOD"] = "plain" } },
        ["response mode form_post"] = new("auth_request_response_mode (from lanyard.toml:1): 'form_post' is refused: the provider would POST the code back cross-site") { Toml = "auth_request_response_mode = \"form_post\"" },
        ["response mode fragment"] = new("auth_request_response_mode (from --auth-request-response-mode): 'fragment' is refused: a URL fragment never reaches the server") { Flags = ["--auth-request-response-mode=fragment"] },
        ["unknown response mode"] = new("auth_request_response_mode (from lanyard.toml:1): 'web_message' is not a response mode Lanyard can receive") { Toml = "auth_request_response_mode = \"web_message\"" },
        ["approval prompt with a space"] = new("approval_prompt (from lanyard.toml:1): 'force now' is not an approval prompt") { Toml = "approval_prompt = \"force now\"" },
        ["bad signing alg name"] = new("oidc_enabled_signing_algs (from lanyard.toml:1): 'RSA256' is not a JWT signing algorithm") { Toml = "oidc_enabled_signing_algs = [\"RSA256\"]" },
        ["HMAC signing alg"] = new("oidc_enabled_signing_algs (from --oidc-enabled-signing-alg): 'HS256' is refused: an HMAC-signed token is signed with a shared secret") { Flags = ["--oidc-enabled-signing-alg=HS256"] },
        ["EdDSA signing alg"] = new("oidc_enabled_signing_algs (from OAUTH2_PROXY_OIDC_ENABLED_SIGNING_ALGS): 'EdDSA' is refused: Microsoft.IdentityModel") { Env = { ["OAUTH2_PROXY_OIDC_ENABLED_SIGNING_ALGS"] = "EdDSA" } },
        ["audience claim with a space"] = new("oidc_audience_claims (from lanyard.toml:1): 'my aud' is not a claim name") { Toml = "oidc_audience_claims = [\"my aud\"]" },
        ["backend logout over plain http"] = new("backend_logout_url (from lanyard.toml:1): 'http://idp.example.test/logout?id_token_hint={id_token}' is not an absolute https URL") { Toml = "backend_logout_url = \"http://idp.example.test/logout?id_token_hint={id_token}\"" },
        ["backend logout not a URL"] = new("backend_logout_url (from --backend-logout-url): '/logout' is not an absolute https URL") { Flags = ["--backend-logout-url=/logout"] },
        ["graph group field with a dollar"] = new("azure_graph_group_field (from lanyard.toml:1): 'id,$expand' is not a Microsoft Graph group property") { Toml = "azure_graph_group_field = \"id,$expand\"" },
        ["prompt 'always' in the environment"] = new("prompt (from OAUTH2_PROXY_PROMPT): 'always' is not a prompt value") { Env = { ["OAUTH2_PROXY_PROMPT"] = "always" } },
        ["scope without openid in the environment"] = new("scope (from OAUTH2_PROXY_SCOPE): must include 'openid'") { Env = { ["OAUTH2_PROXY_SCOPE"] = "profile email" } },
        ["cookie name with a space in the environment"] = new("cookie_name (from OAUTH2_PROXY_COOKIE_NAME): 'bad name' is not a valid cookie name") { Env = { ["OAUTH2_PROXY_COOKIE_NAME"] = "bad name" } },
        ["claim name with a space in the environment"] = new("oidc_email_claim (from OAUTH2_PROXY_OIDC_EMAIL_CLAIM): 'e mail' is not a claim name") { Env = { ["OAUTH2_PROXY_OIDC_EMAIL_CLAIM"] = "e mail" } },
    };

    public static TheoryData<string> RowNames() => [.. Rows.Keys];

    [Fact]
    public void TheTable_HasAtLeast45Rows() => Assert.True(Rows.Count >= 45, $"{Rows.Count} rows");

    [Theory]
    [MemberData(nameof(RowNames))]
    public void BrokenConfiguration_ExitsOne_NamingTheOptionAndWhereItWasSet(string row)
    {
        var config = Rows[row];
        var (exit, output, error, directory) = CheckConfig(config, realCommandLine: false);

        var expected = config.Expected.Replace("{dir}", directory, StringComparison.Ordinal);
        var printed = output + error;
        Assert.True(exit == 1, $"exit {exit}; printed:\n{printed}");
        Assert.True(ErrorLines(error).Any(line => line.StartsWith(expected, StringComparison.Ordinal)),
            $"no error line starts with\n  {expected}\nprinted:\n{printed}");
        Assert.DoesNotMatch(StackFrame(), printed);
        Assert.DoesNotMatch(ExceptionTypeName(), printed);
    }

    [Theory]
    [InlineData("a key set twice")]
    [InlineData("a TOML table")]
    public void ABrokenFilesSecrets_AreNotPrinted(string row)
    {
        var (_, output, error, _) = CheckConfig(Rows[row], realCommandLine: false);
        Assert.DoesNotContain("topsecret", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", output + error, StringComparison.Ordinal);
    }

    /// <summary>The table's harness (see <see cref="CheckConfig"/>) prints what <c>lanyard config check</c> itself prints.</summary>
    [Fact]
    public void TheHarness_PrintsWhatLanyardConfigCheckPrints()
    {
        var config = Rows["cookie secret of 5 bytes"];

        var harness = CheckConfig(config, realCommandLine: false);
        var real = CheckConfig(config, realCommandLine: true);

        Assert.Equal((1, ""), (real.Exit, real.Output));
        Assert.Equal((harness.Exit, harness.Output), (real.Exit, real.Output));
        Assert.Equal(harness.Error.Replace(harness.Directory, "{dir}", StringComparison.Ordinal), real.Error.Replace(real.Directory, "{dir}", StringComparison.Ordinal));
    }

    /// <summary>
    /// Runs the row as <c>lanyard config check</c>, in a fresh temporary directory. Lanyard's own command line reads
    /// the process environment, which tests running in parallel share (ConfigCommandTests sets OAUTH2_PROXY_COOKIE_NAME),
    /// so the table uses a <c>check</c> command built as <see cref="ConfigCommand"/> builds its own, on
    /// <see cref="ConfigCommand.Run"/> and <see cref="ConfigCommand.Check"/>, that reads the row's variables only.
    /// </summary>
    private static (int Exit, string Output, string Error, string Directory) CheckConfig(BrokenConfig config, bool realCommandLine)
    {
        var directory = Directory.CreateTempSubdirectory("lanyard-broken-").FullName;
        string Here(string text) => text.Replace("{dir}", directory, StringComparison.Ordinal);
        foreach (var (name, content) in config.Files)
        {
            File.WriteAllText(Path.Combine(directory, name), content);
        }

        var tomlPath = Path.Combine(directory, "lanyard.toml");
        File.WriteAllText(tomlPath, Here(TomlText(config)));
        List<string> args = ["--config", tomlPath, .. config.Flags.Select(Here)];
        if (config.Alpha is not null)
        {
            var alphaPath = Path.Combine(directory, "alpha.yaml");
            File.WriteAllText(alphaPath, Here(config.Alpha));
            args.AddRange(["--alpha-config", alphaPath]);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var invocation = new InvocationConfiguration { Output = output, Error = error };
        int exit;
        if (realCommandLine)
        {
            Assert.Empty(config.Env);
            exit = LanyardCommandLine.Build().Parse(["config", "check", .. args]).Invoke(invocation);
        }
        else
        {
            var settings = new ProxySettings(name => config.Env.TryGetValue(name, out var value) ? Here(value) : null);
            var check = new Command("check");
            settings.AddTo(check);
            check.SetAction(parseResult => ConfigCommand.Run(settings, parseResult, ConfigCommand.Check));
            var root = new RootCommand { Subcommands = { new Command("config") { Subcommands = { check } } } };
            exit = root.Parse(["config", "check", .. args]).Invoke(invocation);
        }

        return (exit, output.ToString(), error.ToString(), directory);
    }

    /// <summary>The row's lines first (so its line numbers are the file's), then the valid lines it does not replace.</summary>
    private static string TomlText(BrokenConfig config)
    {
        var replaced = config.Alpha is null ? config.Replaces : [.. config.Replaces, .. AlphaReplaces];
        var kept = ValidToml.Where(line => !replaced.Contains(line.Key)).Select(line => line.Line);
        var lines = config.Toml.Length == 0 ? kept : kept.Prepend(config.Toml);
        return string.Join('\n', config.TomlTables.Length == 0 ? lines : lines.Append(config.TomlTables));
    }

    /// <summary>
    /// The lines on stderr: <c>invalid configuration:</c>'s items (<c>  - option (from origin): message</c>) without
    /// their bullet, and the command-line parser's own messages (a flag missing its value) as they are.
    /// </summary>
    private static IEnumerable<string> ErrorLines(string error) =>
        error.Split('\n').Select(line => line.TrimEnd('\r')).Select(line => line.StartsWith("  - ", StringComparison.Ordinal) ? line[4..] : line);

    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"\w+Exception\b")]
    private static partial Regex ExceptionTypeName();
}
