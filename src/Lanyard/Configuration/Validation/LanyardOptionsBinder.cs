namespace Lanyard.Configuration.Validation;

/// <summary>
/// Turns effective settings into <see cref="LanyardOptions"/>, or throws one <see cref="ConfigurationException"/>
/// listing every problem, each naming the option as the user spelled it and where they set it.
/// </summary>
internal static class LanyardOptionsBinder
{
    public static LanyardOptions Bind(SettingsLayers layers, IReadOnlyList<ConfigurationError>? earlierErrors = null)
    {
        var errors = new List<ConfigurationError>(earlierErrors ?? []);
        var read = new SettingReader(layers, errors);

        var server = BindServer(read);
        var provider = BindProvider(read);
        var cookie = BindCookie(read);
        var access = BindAccess(read);
        var redirect = new RedirectOptions(BindWhitelistDomains(read));
        var upstreams = BindUpstreams(read);

        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        return new LanyardOptions(server!, provider!, cookie!, access, redirect, upstreams);
    }

    private static ServerOptions? BindServer(SettingReader read)
    {
        var text = read.String("http_address") ?? "127.0.0.1:4180";
        if (ListenAddress.TryParse(text, out var address, out var error))
        {
            return new ServerOptions(address!);
        }

        read.Fail("http_address", error!);
        return null;
    }

    private static ProviderOptions? BindProvider(SettingReader read)
    {
        var typeText = read.RequiredString("provider", "set provider = \"entra-id\" (or \"oidc\" for any other OpenID Connect provider)");
        ProviderType? type = typeText?.ToLowerInvariant() switch
        {
            null => null,
            "entra-id" => ProviderType.EntraId,
            "oidc" => ProviderType.Oidc,
            "azure" => Unsupported(read, "the legacy 'azure' provider is not supported; use provider = \"entra-id\" with oidc_issuer_url = \"https://login.microsoftonline.com/<tenant-id>/v2.0\""),
            var other => Unsupported(read, $"'{other}' is not a provider Lanyard supports; use \"entra-id\" or \"oidc\""),
        };

        var issuer = ReadIssuer(read);
        var clientId = read.RequiredString("client_id", "set it to the application (client) id of your app registration");
        var clientSecret = read.Secret("client_secret");
        if (clientSecret is null)
        {
            read.Fail("client_secret", "is required; set it to a client secret of your app registration");
        }

        var scopes = (read.String("scope") ?? "openid email profile")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!scopes.Contains("openid", StringComparer.Ordinal))
        {
            read.Fail("scope", "must include 'openid' to get an ID token");
        }

        var redirectUrl = ReadOptionalAbsoluteUrl(read, "redirect_url");
        var displayName = read.String("provider_display_name") is { Length: > 0 } name
            ? name
            : type == ProviderType.EntraId ? "Microsoft Entra ID" : "OpenID Connect";

        return type is null || issuer is null || clientId is null || clientSecret is null
            ? null
            : new ProviderOptions(type.Value, displayName, issuer, clientId, clientSecret, scopes, redirectUrl);
    }

    private static ProviderType? Unsupported(SettingReader read, string message)
    {
        read.Fail("provider", message);
        return null;
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

    private static Uri? ReadOptionalAbsoluteUrl(SettingReader read, string key)
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

    private static SessionCookieOptions? BindCookie(SettingReader read)
    {
        var name = read.String("cookie_name") ?? "_oauth2_proxy";
        if (name.Length is 0 or > 256 || name.Any(c => c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".Contains(c)))
        {
            read.Fail("cookie_name", $"'{name}' is not a valid cookie name (1-256 visible ASCII characters, no separators)");
        }

        CookieSecret? secret = null;
        var secretText = read.Secret("cookie_secret");
        if (secretText is null)
        {
            read.Fail("cookie_secret", "is required; create one with: openssl rand -base64 32 | tr -- '+/' '-_'");
        }
        else if (!CookieSecret.TryParse(secretText.Reveal(), out secret, out var error))
        {
            read.Fail("cookie_secret", error!);
        }

        var secure = read.Bool("cookie_secure", true);
        var sameSite = (read.String("cookie_samesite") ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "lax" => SameSiteMode.Lax,
            "strict" => SameSiteMode.Strict,
            "none" => SameSiteMode.None,
            var other => InvalidSameSite(read, other),
        };
        if (sameSite == SameSiteMode.None && !secure)
        {
            read.Fail("cookie_samesite", "'none' needs cookie_secure = true: browsers drop SameSite=None cookies that are not Secure");
        }

        var csrfExpire = read.Duration("cookie_csrf_expire", TimeSpan.FromMinutes(15));
        if (csrfExpire <= TimeSpan.Zero)
        {
            read.Fail("cookie_csrf_expire", "must be longer than 0");
        }

        return secret is null
            ? null
            : new SessionCookieOptions(
                name,
                secret,
                read.String("cookie_path") is { Length: > 0 } path ? path : "/",
                read.Duration("cookie_expire", TimeSpan.FromHours(168)),
                secure,
                read.Bool("cookie_httponly", true),
                sameSite,
                csrfExpire);
    }

    private static SameSiteMode InvalidSameSite(SettingReader read, string value)
    {
        read.Fail("cookie_samesite", $"'{value}' is not one of lax, strict, none");
        return SameSiteMode.Lax;
    }

    private static AccessOptions BindAccess(SettingReader read)
    {
        var domains = read.List("email_domains");
        if (domains.Count == 0)
        {
            read.Fail("email_domains", "is required: list the email domains that may sign in, or \"*\" for any (oauth2-proxy requires it too)");
        }

        return new AccessOptions(domains);
    }

    private static IReadOnlyList<string> BindWhitelistDomains(SettingReader read)
    {
        var domains = read.List("whitelist_domains");
        foreach (var domain in domains)
        {
            if (domain.Contains("://", StringComparison.Ordinal) || domain.Contains('/', StringComparison.Ordinal))
            {
                read.Fail("whitelist_domains", $"'{domain}' must be a domain (optionally .domain, *.domain or domain:port), not a URL");
            }
        }

        return domains;
    }

    private static List<UpstreamOptions> BindUpstreams(SettingReader read)
    {
        var upstreams = new List<UpstreamOptions>();
        foreach (var text in read.List("upstreams"))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            {
                read.Fail("upstreams", $"'{text}' is not an absolute URL");
                continue;
            }

            if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            {
                read.Fail("upstreams", $"'{text}': {uri.Scheme}:// upstreams are not supported yet; use http:// or https://");
                continue;
            }

            var prefix = uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath;
            if (upstreams.Any(u => u.PathPrefix == prefix))
            {
                read.Fail("upstreams", $"two upstreams use the path '{prefix}'; each path may have one upstream");
                continue;
            }

            upstreams.Add(new UpstreamOptions($"upstream-{upstreams.Count + 1}", prefix, new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")));
        }

        return upstreams;
    }
}
