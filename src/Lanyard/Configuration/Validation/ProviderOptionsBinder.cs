using Lanyard.Providers.Entra;

namespace Lanyard.Configuration.Validation;

/// <summary>Binds the provider: type, issuer, client registration, scopes and the Entra ID extras.</summary>
internal static class ProviderOptionsBinder
{
    public static ProviderOptions? Bind(SettingReader read, Func<string, string?> environment)
    {
        var typeText = read.RequiredString("provider", "set provider = \"entra-id\" (or \"oidc\" for any other OpenID Connect provider)");
        ProviderType? type = typeText?.ToLowerInvariant() switch
        {
            null => null,
            // azure is oauth2-proxy's older name for the same directory: one Entra ID implementation serves both.
            "entra-id" or "azure" => ProviderType.EntraId,
            "oidc" => ProviderType.Oidc,
            var other => Unsupported(read, $"'{other}' is not a provider Lanyard supports; use \"entra-id\" or \"oidc\""),
        };

        // azure without an issuer URL takes it from azure_tenant; anywhere else azure_tenant would be ignored, so it is refused.
        var tenantGivesIssuer = string.Equals(typeText, "azure", StringComparison.OrdinalIgnoreCase) && read.String("oidc_issuer_url") is null;
        var issuer = tenantGivesIssuer ? AzureTenantIssuer(read) : ReadIssuer(read);
        if (read.Find("azure_tenant") is { Origin: not "default" } && !tenantGivesIssuer)
        {
            read.Fail("azure_tenant", "applies only with provider = \"azure\" and no oidc_issuer_url; otherwise the tenant is the one in oidc_issuer_url");
        }
        var clientId = read.RequiredString("client_id", "set it to the application (client) id of your app registration");
        var credential = ClientCredentialBinder.Bind(read, type, environment);
        var scopes = ReadScopes(read, type);
        // relative_redirect_url takes a path redirect_url (LanyardOptionsBinder.RelativeCallbackPath); an absolute one stays here.
        var redirectUrl = LanyardOptionsBinder.IsRelativeRedirectPath(read) ? null : ReadOptionalAbsoluteUrl(read, "redirect_url");
        var displayName = read.String("provider_display_name") is { Length: > 0 } name
            ? name
            : type == ProviderType.EntraId ? "Microsoft Entra ID" : "OpenID Connect";
        var entraId = BindEntraId(read, type, issuer);
        var endpoints = ProviderEndpointsBinder.Bind(read);
        var signInRequest = SignInRequestBinder.Bind(read);
        var tokenValidation = TokenValidationBinder.Bind(read);
        var trust = ProviderTrustBinder.Bind(read);

        return type is null || issuer is null || clientId is null || credential is null
            ? null
            : new ProviderOptions(type.Value, displayName, issuer, clientId, credential, scopes, redirectUrl,
                read.Bool("insecure_oidc_skip_issuer_verification", false), entraId, ReadPrompt(read),
                read.Bool("skip_jwt_bearer_tokens", false), read.List("oidc_extra_audiences"),
                read.Bool("insecure_oidc_allow_unverified_email", false), read.List("bearer_token_allowed_clients"),
                read.Bool("bearer_token_allow_applications", false), BindClaims(read), endpoints)
            {
                SignInRequest = signInRequest,
                TokenValidation = tokenValidation,
                BearerLoginFallback = read.Bool("bearer_token_login_fallback", true),
                BearerTokenCacheSize = BearerTokenCacheSize(read),
                BackendLogoutUrl = ReadBackendLogoutUrl(read),
                Trust = trust,
                ExtraJwtIssuers = ReadExtraJwtIssuers(read),
            };
    }

    /// <summary>A million entries is a few hundred MB of identities; more is a typo, not a plan.</summary>
    private static int BearerTokenCacheSize(SettingReader read)
    {
        var size = read.Count("bearer_token_cache_size", ProviderOptions.DefaultBearerTokenCacheSize, "tokens");
        if (size > 1_000_000)
        {
            read.Fail("bearer_token_cache_size", $"{size} is more than 1000000 tokens");
            return ProviderOptions.DefaultBearerTokenCacheSize;
        }

        return size;
    }

    // OpenID Connect Core §3.1.2.1; space-separated. Some providers (oidc-provider) grant offline_access only
    // with prompt=consent (§11), which is when this option matters most.
    /// <summary>
    /// <c>oidc_email_claim</c> and <c>oidc_groups_claim</c>, and oauth2-proxy's compatibility rule for the deprecated
    /// <c>user_id_claim</c>: when the email claim is left at <c>email</c> and <c>user_id_claim</c> is not, the latter
    /// becomes the email claim (the usual Entra workaround <c>user_id_claim = oid</c> works that way).
    /// </summary>
    private static ClaimOptions BindClaims(SettingReader read)
    {
        var email = ClaimName(read, "oidc_email_claim", "email");
        var userId = ClaimName(read, "user_id_claim", "email");
        var groups = ClaimName(read, "oidc_groups_claim", "groups");
        return new ClaimOptions(email == "email" && userId != "email" ? userId : email, groups);
    }

    private static string ClaimName(SettingReader read, string key, string fallback)
    {
        var name = read.String(key)?.Trim();
        if (name is null)
        {
            return fallback;
        }

        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
        {
            read.Fail(key, $"'{name}' is not a claim name");
            return fallback;
        }

        return name;
    }

    private static string? ReadPrompt(SettingReader read)
    {
        var prompt = read.String("prompt")?.Trim();
        if (string.IsNullOrEmpty(prompt))
        {
            return null;
        }

        foreach (var value in prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (value is not ("none" or "login" or "consent" or "select_account"))
            {
                read.Fail("prompt", $"'{value}' is not a prompt value; use none, login, consent or select_account");
            }
        }

        return prompt;
    }

    private static ProviderType? Unsupported(SettingReader read, string message)
    {
        read.Fail("provider", message);
        return null;
    }

    private static string[] ReadScopes(SettingReader read, ProviderType? type)
    {
        // oauth2-proxy's OIDC default; it asks for "groups" too when allowed_groups is set and scope is not
        // (Entra ID has no such scope: its groups come from the app registration's groups claim).
        var explicitScope = read.Find("scope")?.Origin != "default";
        var scope = read.String("scope") ?? "openid email profile";
        if (!explicitScope && type == ProviderType.Oidc && read.List("allowed_groups").Count > 0)
        {
            scope += " groups";
        }

        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!scopes.Contains("openid", StringComparer.Ordinal))
        {
            read.Fail("scope", "must include 'openid' to get an ID token");
        }

        return scopes;
    }

    private static EntraIdOptions BindEntraId(SettingReader read, ProviderType? type, Uri? issuer)
    {
        var allowedTenants = read.List("entra_id_allowed_tenants");
        foreach (var tenant in allowedTenants)
        {
            if (!Guid.TryParseExact(tenant, "D", out _))
            {
                read.Fail("entra_id_allowed_tenants", $"'{tenant}' is not a tenant id (a GUID such as 9188040d-6c67-4c5b-b112-36a304b66dad)");
            }
        }

        var graphUrl = ReadOptionalAbsoluteUrl(read, "entra_id_graph_url");
        var groupField = read.String("azure_graph_group_field")?.Trim() is { Length: > 0 } field ? field : "id";
        if (!char.IsAsciiLetter(groupField[0]) || !groupField.All(char.IsAsciiLetterOrDigit))
        {
            read.Fail("azure_graph_group_field", $"'{groupField}' is not a Microsoft Graph group property (id, displayName, mailNickname, ...)");
            groupField = "id";
        }

        if (type != ProviderType.EntraId)
        {
            foreach (var key in new[] { "entra_id_allowed_tenants", "entra_id_graph_url", "azure_graph_group_field" })
            {
                if (read.Find(key) is { Origin: not "default" })
                {
                    read.Fail(key, "applies to provider = \"entra-id\" only");
                }
            }
        }

        graphUrl ??= issuer is null ? null : EntraClouds.GraphUrlFor(issuer.Host);
        return new EntraIdOptions([.. allowedTenants.Select(t => t.ToLowerInvariant())], graphUrl) { GraphGroupField = groupField };
    }

    /// <summary>
    /// oauth2-proxy's azure provider without oidc_issuer_url: the issuer of <c>azure_tenant</c> (default
    /// <c>common</c>, any organization's account) in the public cloud, through the v2.0 endpoints.
    /// </summary>
    private static Uri? AzureTenantIssuer(SettingReader read)
    {
        var tenant = (read.String("azure_tenant") ?? "common").Trim();
        if (tenant.Length == 0 || !tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            read.Fail("azure_tenant", $"'{tenant}' is not a tenant id, a domain, or common/organizations/consumers");
            return null;
        }

        return new Uri($"https://login.microsoftonline.com/{tenant}/v2.0");
    }

    private static Uri? ReadIssuer(SettingReader read)
    {
        var text = read.RequiredString("oidc_issuer_url", "set it to your provider's issuer, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0");
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            read.Fail("oidc_issuer_url", $"'{text}' is not an absolute http(s) URL");
            return null;
        }

        // Discovery and keys over plain HTTP could be rewritten by anyone on the path; allow it only on this machine.
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            read.Fail("oidc_issuer_url", $"'{text}' must use https (plain http is allowed only for loopback addresses)");
            return null;
        }

        return uri;
    }

    /// <summary>
    /// <c>backend_logout_url</c>: an absolute URL once <c>{id_token}</c> is filled in. The session's ID token goes to
    /// it, so plain http is allowed only on loopback, as for the issuer.
    /// </summary>
    private static string? ReadBackendLogoutUrl(SettingReader read)
    {
        var template = read.String("backend_logout_url")?.Trim();
        if (string.IsNullOrEmpty(template))
        {
            return null;
        }

        if (!Uri.TryCreate(template.Replace("{id_token}", "x", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            read.Fail("backend_logout_url", $"'{template}' is not an absolute https URL (plain http is allowed only for loopback addresses, as the ID token goes to it)");
            return null;
        }

        return template;
    }

    public static Uri? ReadOptionalAbsoluteUrl(SettingReader read, string key)
    {
        var text = read.String(key);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        read.Fail(key, $"'{text}' is not an absolute http(s) URL");
        return null;
    }

    /// <summary><c>extra_jwt_issuers</c>: <c>issuer=audience</c> pairs, as oauth2-proxy; only with skip_jwt_bearer_tokens, where they are used.</summary>
    private static List<ExtraJwtIssuer> ReadExtraJwtIssuers(SettingReader read)
    {
        var entries = read.List("extra_jwt_issuers");
        if (entries.Count > 0 && !read.Bool("skip_jwt_bearer_tokens", false))
        {
            read.Fail("extra_jwt_issuers", "needs skip_jwt_bearer_tokens = true: the issuers' tokens are accepted as bearer tokens");
        }

        var issuers = new List<ExtraJwtIssuer>();
        foreach (var entry in entries)
        {
            var equals = entry.LastIndexOf('=');
            var (issuerText, audience) = equals > 0 ? (entry[..equals].Trim(), entry[(equals + 1)..].Trim()) : (entry.Trim(), "");
            if (audience.Length == 0)
            {
                read.Fail("extra_jwt_issuers", $"'{entry}' is not issuer=audience (e.g. https://login.example.com/=api://my-api)");
                continue;
            }

            if (!Uri.TryCreate(issuerText, UriKind.Absolute, out var issuer) || !(issuer.Scheme == Uri.UriSchemeHttps || (issuer.Scheme == Uri.UriSchemeHttp && issuer.IsLoopback)))
            {
                read.Fail("extra_jwt_issuers", $"'{issuerText}' is not an https URL (plain http only for loopback addresses)");
                continue;
            }

            issuers.Add(new ExtraJwtIssuer(issuer, audience));
        }

        return issuers;
    }
}
