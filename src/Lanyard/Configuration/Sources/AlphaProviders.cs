namespace Lanyard.Configuration.Sources;

/// <summary>
/// Alpha config's <c>providers</c>, mapped onto the legacy options they replace (oauth2-proxy's own conversion,
/// read backwards). oauth2-proxy uses only the first provider (multi-provider is "not yet working", #926), so a
/// second one is refused rather than silently unused.
/// </summary>
internal static class AlphaProviders
{
    internal static readonly (string Field, string Key, bool List)[] ProviderFields =
    [
        ("provider", "provider", false), ("name", "provider_display_name", false), ("clientID", "client_id", false),
        ("clientSecret", "client_secret", false), ("clientSecretFile", "client_secret_file", false),
        ("caFiles", "provider_ca_files", true), ("useSystemTrustStore", "use_system_trust_store", false),
        ("loginURL", "login_url", false), ("authRequestResponseMode", "auth_request_response_mode", false),
        ("redeemURL", "redeem_url", false), ("profileURL", "profile_url", false),
        ("skipClaimsFromProfileURL", "skip_claims_from_profile_url", false), ("resource", "resource", false),
        ("validateURL", "validate_url", false), ("scope", "scope", false), ("allowedGroups", "allowed_groups", true),
        ("code_challenge_method", "code_challenge_method", false), ("backendLogoutURL", "backend_logout_url", false),
    ];

    internal static readonly (string Field, string Key, bool List)[] OidcFields =
    [
        ("issuerURL", "oidc_issuer_url", false), ("insecureAllowUnverifiedEmail", "insecure_oidc_allow_unverified_email", false),
        ("insecureSkipIssuerVerification", "insecure_oidc_skip_issuer_verification", false),
        ("insecureSkipNonce", "insecure_oidc_skip_nonce", false), ("skipDiscovery", "skip_oidc_discovery", false),
        ("jwksURL", "oidc_jwks_url", false), ("publicKeyFiles", "oidc_public_key_files", true),
        ("emailClaim", "oidc_email_claim", false), ("groupsClaim", "oidc_groups_claim", false),
        ("userIDClaim", "user_id_claim", false), ("audienceClaims", "oidc_audience_claims", true),
        ("extraAudiences", "oidc_extra_audiences", true), ("enabledSigningAlgs", "oidc_enabled_signing_algs", true),
    ];

    internal static readonly (string Field, string Key, bool List)[] EntraFields =
    [
        ("allowedTenants", "entra_id_allowed_tenants", true), ("federatedTokenAuth", "entra_id_federated_token_auth", false),
    ];

    internal static readonly (string Field, string Key, bool List)[] AzureFields =
    [
        ("tenant", "azure_tenant", false), ("graphGroupField", "azure_graph_group_field", false),
    ];

    private static readonly string[] OtherProviderConfigs =
        ["ADFSConfig", "bitbucketConfig", "githubConfig", "gitlabConfig", "googleConfig", "keycloakConfig", "loginGovConfig"];

    public static void Read(AlphaNode providers, List<Setting> settings)
    {
        var items = providers.Items();
        if (items.Count == 0)
        {
            providers.Fail("must list one provider");
            return;
        }

        if (items.Count > 1)
        {
            items[1].Fail("a second provider is not supported: oauth2-proxy uses only the first (multi-provider support is unfinished there, #926); run one Lanyard per provider");
        }

        // Seed 001 writes entraIdConfig; oauth2-proxy's schema calls it microsoftEntraIDConfig. Both are read.
        string[] known = [.. ProviderFields.Select(f => f.Field), "id", "oidcConfig", "microsoftEntraIDConfig", "entraIdConfig", "azureConfig",
            "loginURLParameters", "additionalClaims", .. OtherProviderConfigs];
        if (items[0].Fields(known) is not { } fields)
        {
            return;
        }

        if (!fields.TryGetValue("id", out var id) || string.IsNullOrWhiteSpace(id.Scalar()))
        {
            (id ?? items[0]).Fail(id is null ? "providers[0].id is required (a name for the provider, e.g. entra)" : "must not be empty");
        }

        Map(fields, ProviderFields, settings);
        if (fields.TryGetValue("oidcConfig", out var oidc) && oidc.Fields([.. OidcFields.Select(f => f.Field)]) is { } oidcFields)
        {
            Map(oidcFields, OidcFields, settings);
        }

        if (fields.TryGetValue("microsoftEntraIDConfig", out var entra) | fields.TryGetValue("entraIdConfig", out var seedEntra))
        {
            if (entra is not null && seedEntra is not null)
            {
                seedEntra.Fail("entraIdConfig and microsoftEntraIDConfig are one section; keep one");
            }

            if ((entra ?? seedEntra)!.Fields([.. EntraFields.Select(f => f.Field)]) is { } entraFields)
            {
                Map(entraFields, EntraFields, settings);
            }
        }

        if (fields.TryGetValue("azureConfig", out var azure) && azure.Fields([.. AzureFields.Select(f => f.Field)]) is { } azureFields)
        {
            Map(azureFields, AzureFields, settings);
        }

        foreach (var other in OtherProviderConfigs.Where(fields.ContainsKey))
        {
            fields[other].Fail("is not supported: Lanyard supports the entra-id (azure) and oidc providers; for Keycloak, ADFS, GitLab or Google use provider oidc with their OpenID Connect issuer");
        }

        if (fields.TryGetValue("loginURLParameters", out var parameters) && parameters.Items().Count > 0)
        {
            parameters.Fail("is not supported yet; for prompt use Lanyard's prompt option");
        }

        if (fields.TryGetValue("additionalClaims", out var claims) && claims.ScalarList() is { Count: > 0 })
        {
            claims.Fail("is not supported yet; a header can name any ID token claim directly (injectRequestHeaders values[].claim)");
        }
    }

    private static void Map(Dictionary<string, AlphaNode> fields, (string Field, string Key, bool List)[] table, List<Setting> settings)
    {
        foreach (var (field, key, list) in table)
        {
            if (fields.TryGetValue(field, out var node) && node.AsSetting(key, list) is { } setting)
            {
                settings.Add(setting);
            }
        }
    }
}
