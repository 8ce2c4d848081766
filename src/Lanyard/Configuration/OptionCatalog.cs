using System.Collections.Frozen;

namespace Lanyard.Configuration;

/// <summary>
/// Every option Lanyard reads, one row each. Parsing of all three sources, "did you mean" hints and help text
/// come from these rows, so an option cannot be spelled one way in TOML and another on the command line.
/// Names and meanings are oauth2-proxy's (reference: oauth2-proxy.md §1.3).
/// </summary>
internal static class OptionCatalog
{
    private const string OtherProvider = "belongs to a provider Lanyard does not implement; Lanyard signs in with provider = \"entra-id\" (or \"azure\") or \"oidc\", which covers Keycloak, GitLab, Google and ADFS through their OpenID Connect endpoints";
    private const string NotYet = "is not implemented in this version of Lanyard yet";
    private const string NoFileLogging = "Lanyard writes its logs to stdout and stderr only; rotate them where they are collected (journald, the container runtime, logrotate)";

    public static readonly IReadOnlyList<OptionDefinition> All = Build();

    private static List<OptionDefinition> Build()
    {
        var rows = new List<OptionDefinition>();
        var group = "";
        void Section(string name) => group = name;
        void Yes(string key, string flag, OptionKind kind, string? defaultValue, string help) =>
            rows.Add(new(key, flag, kind, defaultValue, help, group));
        void Own(string key, string flag, OptionKind kind, string? defaultValue, string help) =>
            rows.Add(new(key, flag, kind, defaultValue, help, group) { LanyardOnly = true });
        void No(string key, string flag, OptionKind kind, string? defaultValue, string reason) =>
            rows.Add(new(key, flag, kind, defaultValue, reason, group) { Unsupported = reason });

        Section("Provider");
        Yes("provider", "provider", OptionKind.String, null, "Identity provider: entra-id (azure is its older name) or oidc");
        Yes("provider_display_name", "provider-display-name", OptionKind.String, null, "Name shown on pages");
        Yes("client_id", "client-id", OptionKind.String, null, "OAuth client id");
        Yes("client_secret", "client-secret", OptionKind.Secret, null, "OAuth client secret");
        Yes("client_secret_file", "client-secret-file", OptionKind.String, null, "File holding the client secret (e.g. a mounted Kubernetes secret); instead of client_secret");
        Yes("login_url", "login-url", OptionKind.String, null, "With skip_oidc_discovery: the provider's authorization endpoint (where the browser signs in)");
        Yes("redeem_url", "redeem-url", OptionKind.String, null, "With skip_oidc_discovery: the provider's token endpoint (where codes are redeemed)");
        No("profile_url", "profile-url", OptionKind.String, null, "Lanyard takes identity from the ID token (and Microsoft Graph for Entra ID group overage), never from a profile URL");
        No("validate_url", "validate-url", OptionKind.String, null, "Lanyard validates sessions and tokens locally (signatures and expiry), so it has no validate URL to call");
        No("resource", "resource", OptionKind.String, null, "is the Azure AD v1 / ADFS 'resource' parameter; with the v2.0 endpoints Lanyard uses, ask for the API in scope (api://<app>/.default)");
        Yes("scope", "scope", OptionKind.String, "openid email profile", "Scopes requested at sign-in, space-separated");
        Yes("prompt", "prompt", OptionKind.String, null, "OIDC prompt sent at sign-in (login, consent, select_account, none)");
        Yes("approval_prompt", "approval-prompt", OptionKind.String, "force", "Legacy OAuth approval_prompt sent at sign-in when prompt is not set (oauth2-proxy sends approval_prompt=force by default); ignored by providers that do not know it");
        Yes("acr_values", "acr-values", OptionKind.String, null, "OIDC acr_values sent at sign-in, space-separated; a request to the provider, not checked in the ID token (as in oauth2-proxy)");
        Yes("auth_request_response_mode", "auth-request-response-mode", OptionKind.String, null, "response_mode sent at sign-in: query only (form_post and fragment cannot reach Lanyard's callback and are refused)");
        Yes("code_challenge_method", "code-challenge-method", OptionKind.String, null, "PKCE method: S256, which Lanyard always uses (oauth2-proxy uses PKCE only when this is set); plain is refused");
        Yes("force_code_challenge_method", "force-code-challenge-method", OptionKind.String, null, "Deprecated name of code_challenge_method");
        Yes("provider_ca_files", "provider-ca-file", OptionKind.StringList, null, "PEM CA certificates the provider's (and Graph's) TLS certificate must chain to, instead of the system's roots");
        Yes("use_system_trust_store", "use-system-trust-store", OptionKind.Bool, "false", "With provider_ca_files: the system's roots count too");
        No("ssl_insecure_skip_verify", "ssl-insecure-skip-verify", OptionKind.Bool, "false", "would accept any certificate from the identity provider, so anyone on the path could sign users in; trust its CA instead");
        No("skip_claims_from_profile_url", "skip-claims-from-profile-url", OptionKind.Bool, "false", "Lanyard never calls a profile URL, so there is nothing to skip");
        Yes("backend_logout_url", "backend-logout-url", OptionKind.String, null, "URL Lanyard GETs at sign-out, before the session is cleared; {id_token} is replaced by the session's ID token (e.g. the provider's end-session endpoint with id_token_hint={id_token}); https only (http on loopback)");
        Yes("allowed_groups", "allowed-group", OptionKind.StringList, null, "Only members of one of these groups (Entra ID: group object ids) may pass");
        Yes("allowed_roles", "allowed-role", OptionKind.StringList, null, "Only users holding one of these app roles ('roles' claim) may pass");
        Yes("user_id_claim", "user-id-claim", OptionKind.String, "email", "Deprecated: when oidc_email_claim is left at email, this claim becomes the email claim (user_id_claim = oid is the usual Entra workaround)");

        Section("OpenID Connect");
        Yes("oidc_issuer_url", "oidc-issuer-url", OptionKind.String, null, "OpenID Connect issuer URL (discovery base)");
        Yes("skip_oidc_discovery", "skip-oidc-discovery", OptionKind.Bool, "false", "Make no discovery request; use login_url, redeem_url and oidc_jwks_url (or oidc_public_key_files) instead");
        Yes("oidc_jwks_url", "oidc-jwks-url", OptionKind.String, null, "With skip_oidc_discovery: the provider's key set (JWKS) URL");
        Yes("oidc_public_key_files", "oidc-public-key-file", OptionKind.StringList, null, "PEM files with signing keys (PUBLIC KEY or CERTIFICATE) trusted besides the provider's published ones; not with oidc_jwks_url");
        Yes("oidc_email_claim", "oidc-email-claim", OptionKind.String, "email", "ID token claim holding the email address");
        Yes("oidc_groups_claim", "oidc-groups-claim", OptionKind.String, "groups", "ID token claim holding the groups");
        Yes("oidc_audience_claims", "oidc-audience-claim", OptionKind.StringList, "aud", "Claims that carry a token's audience; the first one present must name the client id (or, for bearer tokens, one of oidc_extra_audiences)");
        Yes("oidc_extra_audiences", "oidc-extra-audience", OptionKind.StringList, null, "Audiences accepted in bearer tokens besides the client id (e.g. api://<client-id>)");
        Yes("oidc_enabled_signing_algs", "oidc-enabled-signing-alg", OptionKind.StringList, null, "JWT signing algorithms accepted (RS*, PS*, ES*); all of those when unset. HS* and EdDSA are refused");
        Yes("insecure_oidc_allow_unverified_email", "insecure-oidc-allow-unverified-email", OptionKind.Bool, "false", "Trust email addresses the provider has not verified (email_verified: false; Entra ID email without xms_edov from a tenant not pinned)");
        Yes("insecure_oidc_skip_issuer_verification", "insecure-oidc-skip-issuer-verification", OptionKind.Bool, "false", "Skip the discovery and ID token issuer match (oauth2-proxy's way to Entra ID multi-tenant apps, which common/organizations no longer need; Entra still checks {authority}/{tid}/v2.0)");
        Yes("insecure_oidc_skip_nonce", "insecure-oidc-skip-nonce", OptionKind.Bool, "false", "Send no nonce at sign-in and accept an ID token without one (for providers that do not echo it). oauth2-proxy defaults to true; Lanyard sends and checks the nonce unless this is set");

        Section("Microsoft Entra ID");
        Yes("entra_id_allowed_tenants", "entra-id-allowed-tenant", OptionKind.StringList, null, "Tenant ids allowed to sign in (multi-tenant apps); all when unset");
        Yes("entra_id_federated_token_auth", "entra-id-federated-token-auth", OptionKind.Bool, "false", "Authenticate to the token endpoint with the federated token in AZURE_FEDERATED_TOKEN_FILE instead of a secret");
        Yes("azure_tenant", "azure-tenant", OptionKind.String, "common", "With provider = \"azure\" and no oidc_issuer_url: the tenant whose issuer is https://login.microsoftonline.com/<tenant>/v2.0");
        Yes("azure_graph_group_field", "azure-graph-group-field", OptionKind.String, null, "Group property read from Microsoft Graph: id (the default), displayName, ...; other than id, groups are read from Graph at every sign-in and refresh (scope needs User.Read), as oauth2-proxy's azure provider does. Display names are not unique: anyone who may create groups can take one");
        Own("entra_id_client_assertion", "entra-id-client-assertion", OptionKind.String, null, "Secretless client auth: AzureManagedIdentity[=client-id], AzureWorkloadIdentity, KubernetesServiceAccountToken[=path]");
        Own("entra_id_client_certificate_file", "entra-id-client-certificate-file", OptionKind.String, null, "PEM file with the app's certificate and private key, for private_key_jwt client auth");
        Own("entra_id_managed_identity_endpoint", "entra-id-managed-identity-endpoint", OptionKind.String, "http://169.254.169.254", "Base URL of the managed identity (IMDS) endpoint");
        Own("entra_id_graph_url", "entra-id-graph-url", OptionKind.String, null, "Microsoft Graph base URL for group overage; derived from the authority host for the public, US Government and China clouds");

        Section("Other providers");
        No("keycloak_groups", "keycloak-group", OptionKind.StringList, null, OtherProvider + " (with Keycloak's OIDC endpoint, use allowed_groups)");
        No("bitbucket_team", "bitbucket-team", OptionKind.String, null, OtherProvider);
        No("bitbucket_repository", "bitbucket-repository", OptionKind.String, null, OtherProvider);
        No("github_org", "github-org", OptionKind.String, null, OtherProvider);
        No("github_team", "github-team", OptionKind.String, null, OtherProvider);
        No("github_repo", "github-repo", OptionKind.String, null, OtherProvider);
        No("github_token", "github-token", OptionKind.Secret, null, OtherProvider);
        No("github_users", "github-user", OptionKind.StringList, null, OtherProvider);
        No("gitlab_groups", "gitlab-group", OptionKind.StringList, null, OtherProvider);
        No("gitlab_projects", "gitlab-project", OptionKind.StringList, null, OtherProvider);
        No("google_groups", "google-group", OptionKind.StringList, null, OtherProvider);
        rows.Add(new("google_group", "google-group", OptionKind.StringList, null, OtherProvider, group) { Unsupported = OtherProvider, HasFlag = false });
        No("google_admin_email", "google-admin-email", OptionKind.String, null, OtherProvider);
        No("google_service_account_json", "google-service-account-json", OptionKind.String, null, OtherProvider);
        No("google_use_application_default_credentials", "google-use-application-default-credentials", OptionKind.Bool, "false", OtherProvider);
        No("google_target_principal", "google-target-principal", OptionKind.String, null, OtherProvider);
        No("google_use_organization_id", "google-use-organization-id", OptionKind.Bool, "false", OtherProvider);
        No("google_admin_api_user_scope", "google-admin-api-user-scope", OptionKind.String, null, OtherProvider);
        No("jwt_key", "jwt-key", OptionKind.Secret, null, OtherProvider + " (login.gov)");
        No("jwt_key_file", "jwt-key-file", OptionKind.String, null, OtherProvider + " (login.gov)");
        No("pubjwk_url", "pubjwk-url", OptionKind.String, null, OtherProvider + " (login.gov)");

        Section("Bearer tokens");
        Yes("skip_jwt_bearer_tokens", "skip-jwt-bearer-tokens", OptionKind.Bool, "false", "Accept 'Authorization: Bearer <JWT>' access tokens for this app instead of a session");
        Yes("extra_jwt_issuers", "extra-jwt-issuers", OptionKind.StringList, null, "With skip_jwt_bearer_tokens: issuer=audience pairs whose bearer tokens are accepted too (keys from each issuer's discovery; generic OIDC claims)");
        Yes("bearer_token_login_fallback", "bearer-token-login-fallback", OptionKind.Bool, "true", "A request whose bearer token is refused may still pass on its session cookie (or sign in); false answers it 403");
        Own("bearer_token_allowed_clients", "bearer-token-allowed-client", OptionKind.StringList, null, "Client ids (azp / appid) whose bearer tokens are accepted; any when unset");
        Own("bearer_token_cache_size", "bearer-token-cache-size", OptionKind.String, "10000", "How many validated bearer tokens are remembered (by SHA-256) so a repeated token skips the signature check, each until its exp, at most 2 minutes and only under the key set it was checked with; 0 validates every request");
        Own("bearer_token_allow_applications", "bearer-token-allow-applications", OptionKind.Bool, "false", "Accept app-only (client credentials) bearer tokens, as applications; refused by default");

        Section("Cookies");
        Yes("cookie_name", "cookie-name", OptionKind.String, "_oauth2_proxy", "Session cookie name");
        Yes("cookie_secret", "cookie-secret", OptionKind.Secret, null, "Seed for the cookie keys: 16, 24 or 32 bytes, raw or base64");
        Yes("cookie_secret_file", "cookie-secret-file", OptionKind.String, null, "File holding the cookie secret (e.g. a mounted Kubernetes secret); instead of cookie_secret");
        Own("cookie_previous_secrets", "cookie-previous-secret", OptionKind.StringList, null, "Earlier cookie secrets, still accepted for reading while clients move to the current one");
        Yes("cookie_domains", "cookie-domain", OptionKind.StringList, null, "Cookie domains; the longest one the request's host is in wins");
        Yes("cookie_path", "cookie-path", OptionKind.String, "/", "Cookie path");
        Yes("cookie_expire", "cookie-expire", OptionKind.Duration, "168h0m0s", "Session lifetime; 0 = until the browser closes");
        Yes("cookie_refresh", "cookie-refresh", OptionKind.Duration, "0", "Refresh the session's tokens (and groups) when it is older than this; 0 = never");
        Yes("cookie_secure", "cookie-secure", OptionKind.Bool, "true", "Send cookies over HTTPS only");
        Yes("cookie_httponly", "cookie-httponly", OptionKind.Bool, "true", "Hide cookies from scripts");
        Yes("cookie_samesite", "cookie-samesite", OptionKind.String, "", "SameSite: lax, strict, none, or empty for lax");
        Yes("cookie_csrf_per_request", "cookie-csrf-per-request", OptionKind.Bool, "false", "One sign-in cookie per attempt, so sign-ins in several tabs do not collide");
        Yes("cookie_csrf_per_request_limit", "cookie-csrf-per-request-limit", OptionKind.String, "0", "With cookie_csrf_per_request: how many sign-in cookies a browser keeps; the oldest are removed (0 = no limit)");
        Yes("cookie_csrf_samesite", "cookie-csrf-samesite", OptionKind.String, "", "SameSite of the sign-in cookie: lax or none; empty follows cookie_samesite (strict becomes lax)");
        Yes("cookie_csrf_expire", "cookie-csrf-expire", OptionKind.Duration, "15m", "How long a sign-in attempt stays valid");

        Section("Sessions");
        Yes("session_store_type", "session-store-type", OptionKind.String, "cookie", "Where sessions live: cookie (in the browser) or redis");
        Yes("session_cookie_minimal", "session-cookie-minimal", OptionKind.Bool, "false", "Keep the provider's tokens out of the session cookie (smaller cookies); refused beside cookie_refresh or a header that passes a token. With Redis the cookie holds only a ticket anyway");
        Yes("redis_connection_url", "redis-connection-url", OptionKind.String, null, "redis://[user[:password]@]host[:port][/db] (rediss:// for TLS)");
        Yes("redis_username", "redis-username", OptionKind.String, null, "Redis ACL user; overrides the URL's");
        Yes("redis_password", "redis-password", OptionKind.Secret, null, "Redis password; overrides the URL's");
        Yes("redis_insecure_skip_tls_verify", "redis-insecure-skip-tls-verify", OptionKind.Bool, "false", "Do not verify the Redis servers' TLS certificates; turns TLS on");
        Yes("redis_ca_path", "redis-ca-path", OptionKind.String, null, "PEM file of the CAs that signed the Redis servers' certificates, trusted beside the system's; turns TLS on");
        Yes("redis_connection_idle_timeout", "redis-connection-idle-timeout", OptionKind.String, null, "Seconds; keep-alives stay under it so the server's idle timeout never closes the connection");
        Yes("redis_use_sentinel", "redis-use-sentinel", OptionKind.Bool, "false", "Find the Redis master through Sentinel");
        Yes("redis_sentinel_master_name", "redis-sentinel-master-name", OptionKind.String, null, "The master's name as the sentinels monitor it");
        Yes("redis_sentinel_connection_urls", "redis-sentinel-connection-urls", OptionKind.StringList, null, "Sentinel URLs: redis://host:26379 (credentials in them are not used; see redis_sentinel_password)");
        Yes("redis_sentinel_password", "redis-sentinel-password", OptionKind.Secret, null, "The sentinels' password (redis_password is the master's)");
        Yes("redis_use_cluster", "redis-use-cluster", OptionKind.Bool, "false", "Redis is a cluster");
        Yes("redis_cluster_connection_urls", "redis-cluster-connection-urls", OptionKind.StringList, null, "Some cluster nodes' URLs: redis://host:6379");

        Section("Upstreams");
        Yes("upstreams", "upstream", OptionKind.StringList, null, "Upstreams: http(s)://host/path (the path is the route prefix), unix:///socket (at /), file:///dir#/route/ (files), static://CODE (an answer)");
        Yes("pass_host_header", "pass-host-header", OptionKind.Bool, "true", "Send the client's Host header to the upstream; false sends the upstream's own host");
        Yes("proxy_websockets", "proxy-websockets", OptionKind.Bool, "true", "Proxy WebSocket upgrades; false answers them with 400");
        Yes("flush_interval", "flush-interval", OptionKind.Duration, "1s", "Longest a streamed response waits before it is flushed to the client; Lanyard flushes each chunk as it arrives, which is never later");
        Yes("upstream_timeout", "upstream-timeout", OptionKind.Duration, "30s", "How long to wait for an upstream's response headers before answering 504 (0: no limit)");
        Yes("ssl_upstream_insecure_skip_verify", "ssl-upstream-insecure-skip-verify", OptionKind.Bool, "false", "Accept any certificate from https upstreams (insecure: anyone on the path can read and change the traffic)");
        Yes("disable_keep_alives", "disable-keep-alives", OptionKind.Bool, "false", "A new upstream connection for every request (Connection: close)");
        No("signature_key", "signature-key", OptionKind.Secret, null, "GAP-Signature request signing is deprecated in oauth2-proxy and not in Lanyard; keep upstreams reachable only through Lanyard (a private network, mTLS) instead");

        Section("Headers");
        Yes("pass_basic_auth", "pass-basic-auth", OptionKind.Bool, "true", "Send Authorization: Basic user:basic_auth_password upstream (when a password is set), and the user headers");
        Yes("basic_auth_password", "basic-auth-password", OptionKind.Secret, null, "The password in the Basic credentials pass_basic_auth and set_basic_auth send");
        Yes("pass_user_headers", "pass-user-headers", OptionKind.Bool, "true", "Send X-Forwarded-User, -Email, -Groups and -Preferred-Username upstream");
        Yes("prefer_email_to_user", "prefer-email-to-user", OptionKind.Bool, "false", "X-Forwarded-User (and Basic auth's user) carries the email; no X-Forwarded-Email");
        Yes("pass_access_token", "pass-access-token", OptionKind.Bool, "false", "Send X-Forwarded-Access-Token upstream (and X-Auth-Request-Access-Token with set_xauthrequest)");
        Yes("pass_authorization_header", "pass-authorization-header", OptionKind.Bool, "false", "Send Authorization: Bearer <ID token> upstream");
        Yes("set_xauthrequest", "set-xauthrequest", OptionKind.Bool, "false", "Forward-auth answers carry X-Auth-Request-User, -Email, -Preferred-Username and -Groups values");
        Yes("set_authorization_header", "set-authorization-header", OptionKind.Bool, "false", "Forward-auth answers carry Authorization: Bearer <ID token>");
        Yes("set_basic_auth", "set-basic-auth", OptionKind.Bool, "false", "Forward-auth answers carry Authorization: Basic user:basic_auth_password");
        Yes("skip_auth_strip_headers", "skip-auth-strip-headers", OptionKind.Bool, "true", "Remove the client's copies of the headers Lanyard injects (false keeps them beside Lanyard's; its identity headers are always removed)");
        Own("identity_token_header", "identity-token-header", OptionKind.String, null, "Header carrying a short-lived JWT signed by Lanyard with the identity (sub, email, preferred_username, groups, roles), to upstreams and on forward-auth answers, for a mesh to verify against /.well-known/lanyard/jwks.json (Istio RequestAuthentication fromHeaders), e.g. X-Lanyard-Identity; unset: off");
        Own("identity_token_key_file", "identity-token-key-file", OptionKind.String, null, "PEM private key that signs identity tokens: EC P-256 (ES256) or RSA of 2048 bits or more (RS256); unset: a P-256 key generated at startup, which only this one replica knows");
        Own("identity_token_issuer", "identity-token-issuer", OptionKind.String, null, "The identity tokens' iss; unset: the origin of an absolute redirect_url");
        Own("identity_token_audience", "identity-token-audience", OptionKind.String, null, "The identity tokens' aud; unset: client_id");
        Own("identity_token_lifetime", "identity-token-lifetime", OptionKind.Duration, "5m", "How long an identity token is valid (30s to 1h), never past its session; a token is reused until half of it has passed");

        Section("Authorization and routes");
        Yes("email_domains", "email-domain", OptionKind.StringList, null, "Allowed email domains; * allows any");
        Yes("authenticated_emails_file", "authenticated-emails-file", OptionKind.String, null, "File of email addresses (one a line, # comments) allowed besides email_domains; read again when it changes");
        Yes("htpasswd_file", "htpasswd-file", OptionKind.String, null, "Users who may pass with HTTP Basic credentials (htpasswd -B: bcrypt only; {SHA} entries are refused)");
        Yes("htpasswd_user_groups", "htpasswd-user-group", OptionKind.StringList, null, "Groups every htpasswd_file user has (for allowed_groups)");
        Yes("skip_auth_routes", "skip-auth-route", OptionKind.StringList, null, "Routes that pass without sign-in: METHOD=regex, METHOD!=regex (paths the regex does not match), regex or !=regex, on the path without the query; never Lanyard's own endpoints. Client-sent identity headers are still removed");
        Yes("skip_auth_regex", "skip-auth-regex", OptionKind.StringList, null, "Path regexes that pass without sign-in, any method (oauth2-proxy's older form of skip_auth_routes)");
        Yes("skip_auth_preflight", "skip-auth-preflight", OptionKind.Bool, "false", "Let OPTIONS requests (CORS preflights) pass without sign-in");
        Yes("api_routes", "api-route", OptionKind.StringList, null, "Regexes on path and query whose requests without a sign-in get 401 JSON, never the sign-in page or a redirect");
        Yes("trusted_ips", "trusted-ip", OptionKind.StringList, null, "Client IPs or CIDRs that pass without sign-in; behind reverse_proxy the address comes from real_client_ip_header of trusted_proxy_ips only");
        Yes("skip_provider_button", "skip-provider-button", OptionKind.Bool, "false", "Send a browser without a session straight to the provider instead of the sign-in page");
        Yes("force_json_errors", "force-json-errors", OptionKind.Bool, "false", "Answer proxied requests without a sign-in (401) or refused by a rule (403) in JSON, never the sign-in page or a redirect");

        Section("Redirects and proxies");
        Yes("redirect_url", "redirect-url", OptionKind.String, null, "OAuth callback URL, e.g. https://app.example/oauth2/callback; derived from the request when unset");
        Yes("relative_redirect_url", "relative-redirect-url", OptionKind.Bool, "false", "Send redirect_url (or proxy_prefix/callback) to the provider as a path, with no host from the request");
        Yes("whitelist_domains", "whitelist-domain", OptionKind.StringList, null, "Domains that rd= may redirect to after sign-in (.example.com includes subdomains)");
        Yes("reverse_proxy", "reverse-proxy", OptionKind.Bool, "false", "Behind a proxy: honour X-Forwarded-Proto/-Host and the client IP header from trusted_proxy_ips");
        Yes("trusted_proxy_ips", "trusted-proxy-ip", OptionKind.StringList, null, "Peers (IPs or CIDRs) whose X-Forwarded-* headers count; empty with reverse_proxy trusts every peer (with a warning)");
        Yes("real_client_ip_header", "real-client-ip-header", OptionKind.String, "X-Real-IP", "Client IP header with reverse_proxy: X-Forwarded-For, X-Real-IP, X-ProxyUser-IP, X-Envoy-External-Address or CF-Connecting-IP");
        Yes("proxy_prefix", "proxy-prefix", OptionKind.String, "/oauth2", "Path Lanyard's endpoints live under (/oauth2/start, /oauth2/callback, /oauth2/auth...); nothing under it reaches an upstream");
        Yes("encode_state", "encode-state", OptionKind.Bool, "false", "Send the OAuth state base64url-encoded, for providers that mangle it (Lanyard's state is URL-safe already; the callback decodes it)");
        Yes("allow_query_semicolons", "allow-query-semicolons", OptionKind.Bool, "false", "Treat ; in query strings as a separator like & (Go's AllowQuerySemicolons), for Lanyard's own parameters and what upstreams receive");
        Yes("force_https", "force-https", OptionKind.Bool, "false", "Redirect plain-HTTP requests (probes included, as oauth2-proxy) to https with 308, to https_address's port when the request named a port; X-Forwarded-Proto counts only with reverse_proxy from trusted_proxy_ips");

        Section("Server");
        Yes("http_address", "http-address", OptionKind.String, "127.0.0.1:4180", "[http://]host:port to listen on");
        Yes("https_address", "https-address", OptionKind.String, ":443", "[https://]host:port for HTTPS; used only with tls_cert_file and tls_key_file, which then turn plain http off");
        Yes("tls_cert_file", "tls-cert-file", OptionKind.String, null, "PEM certificate (chain) for HTTPS; reloaded when the file changes");
        Yes("tls_key_file", "tls-key-file", OptionKind.String, null, "PEM private key for HTTPS; reloaded when the file changes");
        Yes("tls_min_version", "tls-min-version", OptionKind.String, null, "TLS1.2 (default) or TLS1.3");
        Yes("tls_cipher_suites", "tls-cipher-suite", OptionKind.StringList, null, "TLS 1.2 cipher suites by IANA name (Go uses the same names); TLS 1.3 suites are fixed");
        Yes("metrics_address", "metrics-address", OptionKind.String, null, "host:port of the metrics listener: the Prometheus scrape at GET /metrics, nothing else");
        Yes("metrics_secure_address", "metrics-secure-address", OptionKind.String, null, "host:port of the metrics HTTPS listener, with metrics_tls_cert_file/metrics_tls_key_file");
        Yes("metrics_tls_cert_file", "metrics-tls-cert-file", OptionKind.String, null, "PEM certificate for the metrics HTTPS listener");
        Yes("metrics_tls_key_file", "metrics-tls-key-file", OptionKind.String, null, "PEM private key for the metrics HTTPS listener");
        Own("ext_authz_grpc_address", "ext-authz-grpc-address", OptionKind.String, null, "host:port (h2c) or https://host:port (TLS with tls_cert_file/tls_key_file) of a listener serving only Envoy/Istio's gRPC ext_authz (envoy.service.auth.v3.Authorization/Check); unset: off");

        Section("Kubernetes");
        Own("kube_webhook_address", "kube-webhook-address", OptionKind.String, null, "https://host:port of a listener serving only the Kubernetes TokenReview webhook (POST /apis/authentication.k8s.io/v1/tokenreviews, v1beta1 too, and any path the kubeconfig names); unset: off");
        Own("kube_webhook_tls_cert_file", "kube-webhook-tls-cert-file", OptionKind.String, null, "PEM certificate for the webhook listener; default: tls_cert_file");
        Own("kube_webhook_tls_key_file", "kube-webhook-tls-key-file", OptionKind.String, null, "PEM private key for the webhook listener; default: tls_key_file");
        Own("kube_webhook_client_ca_file", "kube-webhook-client-ca-file", OptionKind.String, null, "PEM CA(s) of the API server's client certificate: the webhook then requires one it issued");
        Own("kube_webhook_token_file", "kube-webhook-token-file", OptionKind.String, null, "File holding the bearer token the API server sends (its webhook kubeconfig's user token); compared in constant time");
        Own("kube_audiences", "kube-audience", OptionKind.StringList, null, "Audiences a token must carry one of; default: client_id, api://client_id and spn:client_id");
        Own("kube_api_audiences", "kube-api-audience", OptionKind.StringList, null, "The API server's audiences (--api-audiences): a review's spec.audiences must include one, and the answer names them");
        Own("kube_username_claim", "kube-username-claim", OptionKind.String, "upn", "upn (a home-tenant member's UPN, anyone else's object id, as AKS), oid, email, preferred_username or sub");
        Own("kube_username_prefix", "kube-username-prefix", OptionKind.String, null, "Prefix for every Kubernetes user name (e.g. entra:)");
        Own("kube_groups_prefix", "kube-groups-prefix", OptionKind.String, null, "Prefix for every Kubernetes group (group object ids)");
        Own("kube_group_cache_ttl", "kube-group-cache-ttl", OptionKind.Duration, "1m", "How long groups read from Microsoft Graph (group overage) are kept per user; at most 10m");

        Section("Probes");
        Yes("ping_path", "ping-path", OptionKind.String, "/ping", "Liveness probe path, answered 200 OK before any auth on any method; empty turns it off");
        Yes("ping_user_agent", "ping-user-agent", OptionKind.String, null, "With it, a request to ping_path is a probe only with exactly this User-Agent (as oauth2-proxy)");
        Yes("ready_path", "ready-path", OptionKind.String, "/ready", "Readiness probe path: 200 once the provider's metadata is loaded and the session store answers, else 503; empty turns it off");
        No("gcp_healthchecks", "gcp-healthchecks", OptionKind.Bool, "false", "is deprecated in oauth2-proxy; point the health check at ping_path and ready_path");

        Section("Logging");
        Yes("standard_logging", "standard-logging", OptionKind.Bool, "true", "Lanyard's own log lines (startup, provider, sessions, errors); false leaves only request and auth lines");
        Yes("standard_logging_format", "standard-logging-format", OptionKind.String, null, "Format of Lanyard's own lines, oauth2-proxy's {{.Timestamp}} {{.File}} (the log category) {{.Message}}; unset, time, level, category and event id");
        Yes("auth_logging", "auth-logging", OptionKind.Bool, "true", "Log sign-ins, sign-outs and denials (auth lines)");
        Yes("auth_logging_format", "auth-logging-format", OptionKind.String, null, "Format of auth lines: {{.Client}} {{.Host}} {{.Protocol}} {{.RequestID}} {{.RequestMethod}} {{.Timestamp}} {{.UserAgent}} {{.Username}} {{.Status}} {{.Message}}; oauth2-proxy's default");
        Yes("request_logging", "request-logging", OptionKind.Bool, "true", "Log one line per request");
        Yes("request_logging_format", "request-logging-format", OptionKind.String, null, "Format of request lines: oauth2-proxy's fields ({{.Client}} {{.Username}} {{.Upstream}} {{.RequestURI}} {{.StatusCode}} {{.ResponseSize}} {{.RequestDuration}} ...); credentials in the query are redacted");
        Yes("errors_to_info_log", "errors-to-info-log", OptionKind.Bool, "false", "Write errors to stdout with everything else; by default they go to stderr");
        Own("logging_format", "logging-format", OptionKind.String, "text", "text: oauth2-proxy's log lines; json: one JSON object a line (timestamp, level, category, event id and name, message, trace_id/span_id, and the request and auth lines' fields) for log pipelines");
        Yes("exclude_logging_paths", "exclude-logging-path", OptionKind.StringList, null, "Request paths not logged (exact match, e.g. /ping)");
        Yes("silence_ping_logging", "silence-ping-logging", OptionKind.Bool, "false", "Leave ping_path and ready_path requests out of the request log");
        Yes("request_id_header", "request-id-header", OptionKind.String, "X-Request-Id", "Header whose value (one token of visible ASCII, at most 200 characters) becomes the request id in logs and error pages; else a new UUID");
        No("logging_filename", "logging-filename", OptionKind.String, null, NoFileLogging);
        No("logging_max_size", "logging-max-size", OptionKind.String, "100", NoFileLogging);
        No("logging_max_age", "logging-max-age", OptionKind.String, "7", NoFileLogging);
        No("logging_max_backups", "logging-max-backups", OptionKind.String, "0", NoFileLogging);
        No("logging_compress", "logging-compress", OptionKind.Bool, "false", NoFileLogging);
        No("logging_local_time", "logging-local-time", OptionKind.Bool, "true", NoFileLogging);

        Section("Pages");
        Yes("custom_templates_dir", "custom-templates-dir", OptionKind.String, null, "Directory with sign_in.html, error.html and robots.txt replacing Lanyard's (each optional); Go template syntax with oauth2-proxy's fields, compiled at startup, values HTML-escaped; pages run no script");
        Yes("custom_sign_in_logo", "custom-sign-in-logo", OptionKind.String, null, "Logo on the sign-in page: an .svg/.png/.jpg file (embedded at startup) or an https URL; - for none");
        Yes("banner", "banner", OptionKind.String, null, "Message above the sign-in button (HTML, as in oauth2-proxy: it is the operator's, not escaped); - for none; unset, names the allowed email domains");
        Yes("footer", "footer", OptionKind.String, null, "Footer of the sign-in and error pages (HTML, not escaped); - for none; unset, \"Secured with Lanyard\"");
        Yes("display_htpasswd_form", "display-htpasswd-form", OptionKind.Bool, "true", "With htpasswd_file: a user name and password form on the sign-in page (POST to /oauth2/sign_in; refused from other sites)");
        No("show_debug_on_error", "show-debug-on-error", OptionKind.Bool, "false", "error pages never show internal details (docs/security.md); the log has them, under the request id the page shows");

        return rows;
    }

    private static readonly FrozenDictionary<string, OptionDefinition> ByTomlKey =
        All.ToFrozenDictionary(o => o.TomlKey, StringComparer.Ordinal);

    public static OptionDefinition? FindByTomlKey(string key) => ByTomlKey.GetValueOrDefault(key);

    /// <summary>The rows Lanyard implements.</summary>
    public static IEnumerable<OptionDefinition> Supported => All.Where(o => o.IsSupported);

    /// <summary>The closest known TOML key, for "did you mean" hints; null when nothing is close.</summary>
    public static string? Suggest(string unknownKey)
    {
        var normalized = unknownKey.Replace('-', '_').ToLowerInvariant();
        if (ByTomlKey.ContainsKey(normalized))
        {
            return normalized;
        }

        return DidYouMean.Closest(normalized, All.Select(o => o.TomlKey));
    }
}
