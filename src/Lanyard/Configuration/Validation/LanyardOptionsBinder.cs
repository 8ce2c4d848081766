namespace Lanyard.Configuration.Validation;

/// <summary>
/// Turns effective settings into <see cref="LanyardOptions"/>, or throws one <see cref="ConfigurationException"/>
/// listing every problem, each naming the option as the user spelled it and where they set it.
/// </summary>
internal static class LanyardOptionsBinder
{
    /// <param name="environment">Where variables that are not options come from (AZURE_FEDERATED_TOKEN_FILE);
    /// the process environment unless a test says otherwise.</param>
    /// <param name="alpha">The alpha config file, when <c>--alpha-config</c> names one: its settings are in <paramref name="layers"/>, its headers here.</param>
    public static LanyardOptions Bind(SettingsLayers layers, IReadOnlyList<ConfigurationError>? earlierErrors = null, Func<string, string?>? environment = null, Sources.AlphaConfig? alpha = null)
    {
        var errors = new List<ConfigurationError>(earlierErrors ?? []);
        var read = new SettingReader(layers, errors);
        UnsupportedOptions.Refuse(read);

        var server = ServerBinder.Bind(read);
        var provider = ProviderOptionsBinder.Bind(read, environment ?? Environment.GetEnvironmentVariable);
        var cookie = BindCookie(read);
        var access = BindAccess(read);
        var redirect = new RedirectOptions(
            BindWhitelistDomains(read),
            read.Bool("skip_provider_button", false),
            read.Bool("encode_state", false),
            read.Bool("allow_query_semicolons", false),
            ForceHttpsPort(read))
        {
            RelativeCallbackPath = RelativeCallbackPath(read),
        };
        var upstreams = UpstreamsBinder.Bind(read);
        var sessionStore = SessionStoreBinder.Bind(read);
        var headers = LegacyHeadersBinder.Bind(read, alpha);
        var reverseProxy = ReverseProxyBinder.Bind(read);
        var identityToken = IdentityTokenBinder.Bind(read, provider, headers);
        var proxyPrefix = BindProxyPrefix(read);
        // oauth2-proxy names the domains on the sign-in page only when no emails file widens them.
        var pages = PagesBinder.Bind(read, access.AuthenticatedEmailsFile is null ? access.EmailDomains : []);
        var routes = RouteRulesBinder.Bind(read) with { PerRoute = AuthorizationRulesBinder.Bind(read, alpha) };
        var htpasswd = HtpasswdBinder.Bind(read);
        var logging = LoggingBinder.Bind(read);
        var probes = ProbesBinder.Bind(read, proxyPrefix);
        var kubernetes = KubernetesBinder.Bind(read, provider?.ClientId);

        if (provider is { Type: ProviderType.EntraId } && cookie is { Refresh.Ticks: > 0 } && !provider.Scopes.Contains("offline_access", StringComparer.OrdinalIgnoreCase))
        {
            read.Fail("cookie_refresh", "needs offline_access in scope: without it Entra ID issues no refresh token, and every session would end at its first refresh");
        }

        if (cookie is { Minimal: true })
        {
            CheckMinimalCookie(read, cookie, headers);
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        return new LanyardOptions(server!, provider!, cookie!, access, redirect, upstreams, sessionStore, headers, reverseProxy, pages) { ProxyPrefix = proxyPrefix, Logging = logging, Probes = probes, Routes = routes, Htpasswd = htpasswd, Kubernetes = kubernetes, IdentityToken = identityToken };
    }

    /// <summary>
    /// oauth2-proxy's rule for <c>session_cookie_minimal</c>: a session without tokens can neither be refreshed nor
    /// pass a token on, so asking for either beside it is a contradiction, refused rather than half-honoured.
    /// </summary>
    private static void CheckMinimalCookie(SettingReader read, SessionCookieOptions cookie, HeaderOptions headers)
    {
        if (cookie.Refresh > TimeSpan.Zero)
        {
            read.Fail("session_cookie_minimal", "cannot be set with cookie_refresh: refreshing needs the refresh token the minimal cookie drops");
        }

        foreach (var header in headers.Request.Concat(headers.Response))
        {
            if (header.Values.OfType<HeaderValueSource.Claim>().FirstOrDefault(c => c.Name is "access_token" or "id_token") is { } token)
            {
                read.Fail("session_cookie_minimal", $"cannot be set while the {header.Name} header carries the {token.Name} (pass_access_token, pass_authorization_header, set_authorization_header or an injected header): the minimal cookie keeps no tokens");
            }
        }
    }

    /// <summary>
    /// <c>proxy_prefix</c>: a path of its own, /oauth2 by default. oauth2-proxy checks nothing and builds
    /// "//sign_in" from a trailing slash; here the prefix must be a clean path, or every endpoint would be somewhere
    /// the user did not mean.
    /// </summary>
    private static string BindProxyPrefix(SettingReader read)
    {
        var prefix = read.String("proxy_prefix") ?? Endpoints.EndpointPaths.DefaultPrefix;
        var clean = prefix.Length > 1 && prefix[0] == '/' && prefix[^1] != '/' && !prefix.Contains("//", StringComparison.Ordinal)
            && prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~');
        if (!clean || prefix.Split('/').Any(segment => segment is "." or ".."))
        {
            read.Fail("proxy_prefix", $"'{prefix}' must be a path like /oauth2 or /auth/sso: starting with /, not ending with /, letters, digits and - _ . ~ only");
            return Endpoints.EndpointPaths.DefaultPrefix;
        }

        return prefix;
    }

    private static SessionCookieOptions? BindCookie(SettingReader read)
    {
        var name = read.String("cookie_name") ?? "_oauth2_proxy";
        if (name.Length is 0 or > 256 || name.Any(c => c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".Contains(c)))
        {
            read.Fail("cookie_name", $"'{name}' is not a valid cookie name (1-256 visible ASCII characters, no separators)");
        }

        var secret = CookieSecretOf(read);

        var secure = read.Bool("cookie_secure", true);
        var path = read.String("cookie_path") is { Length: > 0 } configuredPath ? configuredPath : "/";
        CheckCookiePrefix(read, name, secure, path);
        var sameSite = (read.String("cookie_samesite") ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "lax" => SameSiteMode.Lax,
            "strict" => SameSiteMode.Strict,
            "none" => SameSiteMode.None,
            var other => InvalidSameSite(read, other, "cookie_samesite"),
        };
        if (sameSite == SameSiteMode.None && !secure)
        {
            read.Fail("cookie_samesite", NoneNeedsSecure);
        }

        var expire = read.Duration("cookie_expire", TimeSpan.FromHours(168));
        var refresh = read.Duration("cookie_refresh", TimeSpan.Zero);
        if (refresh > TimeSpan.Zero && expire > TimeSpan.Zero && refresh >= expire)
        {
            read.Fail("cookie_refresh", "must be shorter than cookie_expire, or the session ends before it is ever refreshed");
        }

        SameSiteMode? csrfSameSite = (read.String("cookie_csrf_samesite") ?? "").Trim().ToLowerInvariant() switch
        {
            "" => null,
            "lax" => SameSiteMode.Lax,
            "none" when secure => SameSiteMode.None,
            "none" => FailAndLax(read, "cookie_csrf_samesite", NoneNeedsSecure),
            "strict" => FailAndLax(read, "cookie_csrf_samesite", "'strict' would drop the sign-in cookie when the provider redirects back (a cross-site navigation), so no sign-in could finish; use lax, or none for sign-ins inside cross-site frames"),
            var other => InvalidSameSite(read, other, "cookie_csrf_samesite"),
        };

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
                path,
                expire,
                refresh,
                secure,
                read.Bool("cookie_httponly", true),
                sameSite,
                csrfExpire,
                PreviousSecrets(read),
                read.Bool("cookie_csrf_per_request", false),
                read.List("cookie_domains"),
                csrfSameSite)
            {
                CsrfPerRequestLimit = read.Count("cookie_csrf_per_request_limit", 0, "cookies"),
                Minimal = read.Bool("session_cookie_minimal", false),
            };
    }

    /// <summary>
    /// RFC 6265bis §4.1.3: browsers accept a <c>__Host-</c> cookie only when it is Secure, has Path=/ and no Domain,
    /// which is what makes it the hardened name (no sibling host can set or shadow it); <c>__Secure-</c> needs Secure.
    /// A name whose cookies browsers would drop is refused here, not discovered as a sign-in loop.
    /// </summary>
    private static void CheckCookiePrefix(SettingReader read, string name, bool secure, string path)
    {
        var isHost = name.StartsWith("__Host-", StringComparison.Ordinal);
        if ((isHost || name.StartsWith("__Secure-", StringComparison.Ordinal)) && !secure)
        {
            read.Fail("cookie_secure", $"must be true for cookie_name '{name}': browsers drop __Host- and __Secure- cookies that are not Secure");
        }

        if (isHost && path != "/")
        {
            read.Fail("cookie_path", $"must be / for cookie_name '{name}': browsers drop __Host- cookies with another path");
        }

        if (isHost && read.List("cookie_domains").Count > 0)
        {
            read.Fail("cookie_domains", $"cannot be set for cookie_name '{name}': a __Host- cookie has no Domain, which is what keeps sibling hosts from setting it");
        }
    }

    private static List<CookieSecret> PreviousSecrets(SettingReader read)
    {
        var secrets = new List<CookieSecret>();
        foreach (var text in read.List("cookie_previous_secrets"))
        {
            if (CookieSecret.TryParse(text, out var secret, out var error))
            {
                secrets.Add(secret!);
            }
            else
            {
                read.Fail("cookie_previous_secrets", "an entry " + error);
            }
        }

        return secrets;
    }

    private const string NoneNeedsSecure = "'none' needs cookie_secure = true: browsers drop SameSite=None cookies that are not Secure";

    private static SameSiteMode InvalidSameSite(SettingReader read, string value, string option)
    {
        read.Fail(option, $"'{value}' is not one of lax, strict, none");
        return SameSiteMode.Lax;
    }

    private static SameSiteMode FailAndLax(SettingReader read, string option, string message)
    {
        read.Fail(option, message);
        return SameSiteMode.Lax;
    }

    /// <summary><c>cookie_secret</c>, or the file <c>cookie_secret_file</c> names (a mounted Kubernetes secret); exactly one of them.</summary>
    private static CookieSecret? CookieSecretOf(SettingReader read)
    {
        var text = read.Secret("cookie_secret");
        var file = read.String("cookie_secret_file") is { Length: > 0 } path ? path.Trim() : null;
        CookieSecret? secret;
        string? error;
        switch (text, file)
        {
            case (null, null):
                read.Fail("cookie_secret", "is required (or cookie_secret_file); create one with: openssl rand -base64 32 | tr -- '+/' '-_'");
                return null;
            case (not null, not null):
                read.Fail("cookie_secret_file", "cannot be set together with cookie_secret; keep one of them");
                return null;
            case (not null, null):
                if (!CookieSecret.TryParse(text.Reveal(), out secret, out error))
                {
                    read.Fail("cookie_secret", error!);
                }

                return secret;
            default:
                if (read.ReadFile("cookie_secret_file", file!) is not { } content)
                {
                    return null;
                }

                if (!CookieSecret.TryParseFile(content, out secret, out error))
                {
                    read.Fail("cookie_secret_file", $"'{file}' {error}");
                }

                return secret;
        }
    }

    private static AccessOptions BindAccess(SettingReader read)
    {
        var domains = read.List("email_domains");
        var emailsFile = read.String("authenticated_emails_file") is { Length: > 0 } path ? path.Trim() : null;
        if (domains.Count == 0 && emailsFile is null)
        {
            read.Fail("email_domains", "is required (or authenticated_emails_file): list the email domains that may sign in, or \"*\" for any (oauth2-proxy requires it too)");
        }

        IReadOnlyList<string> emails = [];
        if (emailsFile is not null && read.ReadFile("authenticated_emails_file", emailsFile) is { } content)
        {
            emails = Authorization.AuthenticatedEmailList.Parse(System.Text.Encoding.UTF8.GetString(content));
        }

        return new AccessOptions(domains, read.List("allowed_groups"), read.List("allowed_roles"))
        {
            AuthenticatedEmailsFile = emailsFile,
            AuthenticatedEmails = emails,
        };
    }

    /// <summary>With <c>relative_redirect_url</c>, a <c>redirect_url</c> that is a path (or none) is sent as a path.</summary>
    internal static bool IsRelativeRedirectPath(SettingReader read) =>
        read.Bool("relative_redirect_url", false) && (read.String("redirect_url")?.Trim() is not { Length: > 0 } url || url.StartsWith('/'));

    /// <summary>
    /// <c>relative_redirect_url</c>, as oauth2-proxy's getOAuthRedirectURI: the configured <c>redirect_url</c> (or
    /// <c>{proxy_prefix}/callback</c>) is sent as it is, with no scheme or host from the request, for a provider that
    /// resolves it against the page it came from. An absolute <c>redirect_url</c> is sent as configured anyway.
    /// </summary>
    private static string? RelativeCallbackPath(SettingReader read)
    {
        if (!IsRelativeRedirectPath(read))
        {
            return null;
        }

        if (read.String("redirect_url")?.Trim() is not { Length: > 0 } path)
        {
            return (read.String("proxy_prefix") is { Length: > 0 } prefix ? prefix : Endpoints.EndpointPaths.DefaultPrefix) + "/callback";
        }

        if (path.StartsWith("//", StringComparison.Ordinal) || path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '#'))
        {
            read.Fail("redirect_url", $"'{path}' is not a path like /oauth2/callback (relative_redirect_url sends it as it is)");
            return null;
        }

        return path;
    }

    /// <summary>
    /// <c>force_https</c>: oauth2-proxy redirects to the port of <c>https_address</c> (default <c>:443</c>) whether or
    /// not Lanyard itself listens there, since TLS may end at a proxy in front.
    /// </summary>
    private static int? ForceHttpsPort(SettingReader read)
    {
        if (!read.Bool("force_https", false))
        {
            return null;
        }

        var text = read.String("https_address") is { Length: > 0 } address ? address : ":443";
        if (!ListenAddress.TryParse(text, out var parsed, out var error))
        {
            read.Fail("https_address", error + " (force_https redirects to its port)");
            return null;
        }

        return parsed!.Port;
    }

    private static IReadOnlyList<string> BindWhitelistDomains(SettingReader read)
    {
        var domains = read.List("whitelist_domains");
        foreach (var domain in domains)
        {
            if (domain.Contains("://", StringComparison.Ordinal) || domain.Contains('/', StringComparison.Ordinal))
            {
                read.Fail("whitelist_domains", $"'{domain}' must be a domain (optionally .domain, *.domain or domain:port), not a URL");
                continue;
            }

            // ".", "*." or "*" would name every host (or none, depending on how one reads it): refuse, never guess.
            var host = domain.Trim();
            var colon = host.LastIndexOf(':');
            host = (colon > 0 ? host[..colon] : host).TrimStart('*').TrimStart('.');
            if (host.Length == 0 || host.Contains('*', StringComparison.Ordinal) || host.StartsWith('.') || host.EndsWith('.'))
            {
                read.Fail("whitelist_domains", $"'{domain}' names no single domain; write example.com, .example.com (with subdomains) or *.example.com");
            }
        }

        return domains;
    }
}
