using System.Collections.Frozen;

namespace Lanyard.Configuration;

/// <summary>
/// Every option Lanyard reads, one row each. Parsing of all three sources, "did you mean" hints and help text
/// come from these rows, so an option cannot be spelled one way in TOML and another on the command line.
/// Names and meanings are oauth2-proxy's (reference: oauth2-proxy.md §1.3).
/// </summary>
internal static class OptionCatalog
{
    public static readonly IReadOnlyList<OptionDefinition> All =
    [
        // Provider
        new("provider", "provider", OptionKind.String, null, "Identity provider: entra-id or oidc"),
        new("provider_display_name", "provider-display-name", OptionKind.String, null, "Name shown on pages"),
        new("oidc_issuer_url", "oidc-issuer-url", OptionKind.String, null, "OpenID Connect issuer URL (discovery base)"),
        new("client_id", "client-id", OptionKind.String, null, "OAuth client id"),
        new("client_secret", "client-secret", OptionKind.Secret, null, "OAuth client secret"),
        new("scope", "scope", OptionKind.String, "openid email profile", "Scopes requested at sign-in, space-separated"),
        new("prompt", "prompt", OptionKind.String, null, "OIDC prompt sent at sign-in (login, consent, select_account, none)"),
        new("redirect_url", "redirect-url", OptionKind.String, null, "OAuth callback URL, e.g. https://app.example/oauth2/callback; derived from the request when unset"),
        new("skip_jwt_bearer_tokens", "skip-jwt-bearer-tokens", OptionKind.Bool, "false", "Accept 'Authorization: Bearer <JWT>' access tokens for this app instead of a session"),
        new("oidc_extra_audiences", "oidc-extra-audience", OptionKind.StringList, null, "Audiences accepted in bearer tokens besides the client id (e.g. api://<client-id>)"),
        new("insecure_oidc_allow_unverified_email", "insecure-oidc-allow-unverified-email", OptionKind.Bool, "false", "Trust email addresses the provider has not verified (email_verified: false; Entra ID email without xms_edov from a tenant not pinned)"),
        new("bearer_token_allowed_clients", "bearer-token-allowed-client", OptionKind.StringList, null, "Client ids (azp / appid) whose bearer tokens are accepted; any when unset"),
        new("bearer_token_allow_applications", "bearer-token-allow-applications", OptionKind.Bool, "false", "Accept app-only (client credentials) bearer tokens, as applications; refused by default"),
        new("insecure_oidc_skip_issuer_verification", "insecure-oidc-skip-issuer-verification", OptionKind.Bool, "false", "Skip the discovery and ID token issuer match (Entra ID multi-tenant apps; Entra still checks {authority}/{tid}/v2.0)"),

        // Microsoft Entra ID
        new("entra_id_allowed_tenants", "entra-id-allowed-tenant", OptionKind.StringList, null, "Tenant ids allowed to sign in (multi-tenant apps); all when unset"),
        new("entra_id_federated_token_auth", "entra-id-federated-token-auth", OptionKind.Bool, "false", "Authenticate to the token endpoint with the federated token in AZURE_FEDERATED_TOKEN_FILE instead of a secret"),
        new("entra_id_client_assertion", "entra-id-client-assertion", OptionKind.String, null, "Secretless client auth: AzureManagedIdentity[=client-id], AzureWorkloadIdentity, KubernetesServiceAccountToken[=path]"),
        new("entra_id_client_certificate_file", "entra-id-client-certificate-file", OptionKind.String, null, "PEM file with the app's certificate and private key, for private_key_jwt client auth"),
        new("entra_id_managed_identity_endpoint", "entra-id-managed-identity-endpoint", OptionKind.String, "http://169.254.169.254", "Base URL of the managed identity (IMDS) endpoint"),
        new("entra_id_graph_url", "entra-id-graph-url", OptionKind.String, null, "Microsoft Graph base URL for group overage; derived from the authority host for the public, US Government and China clouds"),

        // Cookies and sessions
        new("cookie_name", "cookie-name", OptionKind.String, "_oauth2_proxy", "Session cookie name"),
        new("cookie_secret", "cookie-secret", OptionKind.Secret, null, "Seed for the cookie keys: 16, 24 or 32 bytes, raw or base64"),
        new("cookie_secret_file", "cookie-secret-file", OptionKind.String, null, "File holding the cookie secret (e.g. a mounted Kubernetes secret); instead of cookie_secret"),
        new("cookie_previous_secrets", "cookie-previous-secret", OptionKind.StringList, null, "Earlier cookie secrets, still accepted for reading while clients move to the current one"),
        new("cookie_domains", "cookie-domain", OptionKind.StringList, null, "Cookie domains; the longest one the request's host is in wins"),
        new("cookie_path", "cookie-path", OptionKind.String, "/", "Cookie path"),
        new("cookie_expire", "cookie-expire", OptionKind.Duration, "168h0m0s", "Session lifetime; 0 = until the browser closes"),
        new("cookie_refresh", "cookie-refresh", OptionKind.Duration, "0", "Refresh the session's tokens (and groups) when it is older than this; 0 = never"),
        new("cookie_secure", "cookie-secure", OptionKind.Bool, "true", "Send cookies over HTTPS only"),
        new("cookie_httponly", "cookie-httponly", OptionKind.Bool, "true", "Hide cookies from scripts"),
        new("cookie_samesite", "cookie-samesite", OptionKind.String, "", "SameSite: lax, strict, none, or empty for lax"),
        new("cookie_csrf_per_request", "cookie-csrf-per-request", OptionKind.Bool, "false", "One sign-in cookie per attempt, so sign-ins in several tabs do not collide"),
        new("cookie_csrf_samesite", "cookie-csrf-samesite", OptionKind.String, "", "SameSite of the sign-in cookie: lax or none; empty follows cookie_samesite (strict becomes lax)"),
        new("cookie_csrf_expire", "cookie-csrf-expire", OptionKind.Duration, "15m", "How long a sign-in attempt stays valid"),

        new("session_store_type", "session-store-type", OptionKind.String, "cookie", "Where sessions live: cookie (in the browser) or redis"),
        new("redis_connection_url", "redis-connection-url", OptionKind.String, null, "redis://[user[:password]@]host[:port][/db] (rediss:// for TLS)"),
        new("redis_username", "redis-username", OptionKind.String, null, "Redis ACL user; overrides the URL's"),
        new("redis_password", "redis-password", OptionKind.Secret, null, "Redis password; overrides the URL's"),
        new("redis_insecure_skip_tls_verify", "redis-insecure-skip-tls-verify", OptionKind.Bool, "false", "Do not verify the Redis servers' TLS certificates; turns TLS on"),
        new("redis_ca_path", "redis-ca-path", OptionKind.String, null, "PEM file of the CAs that signed the Redis servers' certificates, trusted beside the system's; turns TLS on"),
        new("redis_connection_idle_timeout", "redis-connection-idle-timeout", OptionKind.String, null, "Seconds; keep-alives stay under it so the server's idle timeout never closes the connection"),
        new("redis_use_sentinel", "redis-use-sentinel", OptionKind.Bool, "false", "Find the Redis master through Sentinel"),
        new("redis_sentinel_master_name", "redis-sentinel-master-name", OptionKind.String, null, "The master's name as the sentinels monitor it"),
        new("redis_sentinel_connection_urls", "redis-sentinel-connection-urls", OptionKind.StringList, null, "Sentinel URLs: redis://host:26379 (credentials in them are not used; see redis_sentinel_password)"),
        new("redis_sentinel_password", "redis-sentinel-password", OptionKind.Secret, null, "The sentinels' password (redis_password is the master's)"),
        new("redis_use_cluster", "redis-use-cluster", OptionKind.Bool, "false", "Redis is a cluster"),
        new("redis_cluster_connection_urls", "redis-cluster-connection-urls", OptionKind.StringList, null, "Some cluster nodes' URLs: redis://host:6379"),

        // Authorization
        new("email_domains", "email-domain", OptionKind.StringList, null, "Allowed email domains; * allows any"),
        new("allowed_groups", "allowed-group", OptionKind.StringList, null, "Only members of one of these groups (Entra ID: group object ids) may pass"),
        new("allowed_roles", "allowed-role", OptionKind.StringList, null, "Only users holding one of these app roles ('roles' claim) may pass"),

        // Redirects
        new("whitelist_domains", "whitelist-domain", OptionKind.StringList, null, "Domains that rd= may redirect to after sign-in (.example.com includes subdomains)"),

        // Upstreams and server
        new("upstreams", "upstream", OptionKind.StringList, null, "Upstream URLs; the path is the route prefix"),
        new("http_address", "http-address", OptionKind.String, "127.0.0.1:4180", "[http://]host:port to listen on"),
    ];

    private static readonly FrozenDictionary<string, OptionDefinition> ByTomlKey =
        All.ToFrozenDictionary(o => o.TomlKey, StringComparer.Ordinal);

    public static OptionDefinition? FindByTomlKey(string key) => ByTomlKey.GetValueOrDefault(key);

    /// <summary>The closest known TOML key, for "did you mean" hints; null when nothing is close.</summary>
    public static string? Suggest(string unknownKey)
    {
        var normalized = unknownKey.Replace('-', '_').ToLowerInvariant();
        if (ByTomlKey.ContainsKey(normalized))
        {
            return normalized;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var option in All)
        {
            var distance = EditDistance(normalized, option.TomlKey);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (option.TomlKey, distance);
            }
        }

        return bestDistance <= Math.Max(2, normalized.Length / 4) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
