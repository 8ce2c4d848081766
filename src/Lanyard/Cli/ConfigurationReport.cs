using System.Globalization;
using Lanyard.Configuration;

namespace Lanyard.Cli;

/// <summary>
/// What <c>lanyard config check</c> prints: every option that is not at its default, its value (secrets
/// redacted) and where it was set, then the header table the options built. Says nothing a log must not.
/// </summary>
internal static class ConfigurationReport
{
    public static void Write(BoundConfiguration bound, TextWriter output)
    {
        var rows = bound.Settings.Where(s => s.Origin != "default" && s.Key != AuthorizationRuleSource.SettingKey).ToList(); // the rules are listed below, one by one
        var width = rows.Count == 0 ? 0 : rows.Max(s => s.Key.Length);
        output.WriteLine("Effective configuration (options not at their defaults):");
        foreach (var setting in rows)
        {
            output.WriteLine($"  {setting.Key.PadRight(width)} = {Shown(setting)}   # {setting.Origin}");
        }

        WriteHeaders(output, "Headers added to proxied requests:", bound.Options.Headers.Request);
        WriteHeaders(output, "Headers on /oauth2/auth answers (besides the X-Auth-Request-* names, always present):", bound.Options.Headers.Response);
        WriteRoutes(output, bound.Options.Routes);
        if (bound.Options.Provider.Type == ProviderType.EntraId)
        {
            output.WriteLine($"Microsoft Entra ID users admitted: {Providers.Entra.EntraTenants.DescribeAdmitted(bound.Options.Provider)}");
        }

        if (bound.Options.Htpasswd is { } htpasswd)
        {
            output.WriteLine($"htpasswd_file users: {htpasswd.Users.Count.ToString(CultureInfo.InvariantCulture)} (bcrypt), groups: {(htpasswd.Groups.Count == 0 ? "(none)" : string.Join(", ", htpasswd.Groups))}, sign-in form: {(htpasswd.DisplayForm ? "shown" : "hidden")}");
        }

        if (bound.Options.Server.ExtAuthzGrpc is { } extAuthz)
        {
            var transport = extAuthz.Tls is null ? "h2c (cleartext HTTP/2)" : "HTTP/2 over TLS (the https certificate)";
            output.WriteLine($"gRPC ext_authz listener: {extAuthz.Address.ToDisplayUrl(extAuthz.Tls is null ? "http" : "https")}, {transport}, envoy.service.auth.v3.Authorization/Check only, CheckRequests up to 1 MiB");
        }

        if (bound.Options.Server.KubeWebhook is { } webhook)
        {
            var kube = bound.Options.Kubernetes;
            var callers = string.Join(" or ", new[] { webhook.ClientCertificateAuthorities is { } cas ? $"a client certificate from {cas.Count.ToString(CultureInfo.InvariantCulture)} CA(s)" : null, webhook.BearerTokenSha256 is null ? null : "the bearer token in kube_webhook_token_file" }.OfType<string>());
            output.WriteLine($"Kubernetes TokenReview webhook: {webhook.Address.ToDisplayUrl("https")}/apis/authentication.k8s.io/v1/tokenreviews, callers: {callers}; audiences: {string.Join(", ", kube.Audiences)}; user names: {kube.UsernamePrefix}{kube.UsernameClaim}{UpnRule(kube, bound.Options.Provider)}, groups: {kube.GroupsPrefix}<object id>");
        }

        if (bound.Options.IdentityToken is { } identityToken)
        {
            WriteIdentityToken(output, identityToken);
        }

        output.WriteLine("Configuration is valid.");
    }

    private static void WriteIdentityToken(TextWriter output, IdentityTokenOptions token)
    {
        var lifetime = ((long)token.Lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        output.WriteLine($"Identity token: {token.HeaderName}, {token.Key.Algorithm} key {token.Key.KeyId}, iss {token.Issuer}, aud {token.Audience}, lifetime {lifetime}; public key at {IdentityTokenOptions.JwksPath}");
        if (token.Key.Generated)
        {
            output.WriteLine("  identity_token_key_file is not set: the key is generated at startup, so only one replica can be trusted (every other replica signs with a key of its own); set identity_token_key_file to run more");
        }
    }

    private static void WriteHeaders(TextWriter output, string title, IReadOnlyList<InjectedHeader> headers)
    {
        output.WriteLine(title);
        if (headers.Count == 0)
        {
            output.WriteLine("  (none)");
        }

        foreach (var header in headers)
        {
            var values = string.Join(" , ", header.Values.Select(Describe));
            output.WriteLine($"  {header.Name}: {values}{(header.PreserveRequestValue ? "   (keeps the client's value too)" : "")}");
        }
    }

    /// <summary>The route rules in the order they are judged, so an operator sees what passes without a sign-in.</summary>
    private static void WriteRoutes(TextWriter output, RouteRuleOptions routes)
    {
        output.WriteLine("Route rules, judged before sign-in (Lanyard's own endpoints always need one):");
        if (routes.Rules.Count == 0)
        {
            output.WriteLine("  (none: every request needs a sign-in)");
        }

        foreach (var rule in routes.Rules)
        {
            var action = rule.Action == Authorization.Routes.RouteAction.SkipAuth ? "passes without sign-in" : "without sign-in, 401 (not sent to sign in)";
            var networks = rule.Match is Authorization.Routes.RouteMatch.ClientAddress addresses ? " " + string.Join(", ", addresses.Networks) : "";
            output.WriteLine($"  {rule.Name}{networks}: {action}");
        }

        WritePerRoute(output, "Per-route rules (default set), first match decides:", routes.PerRoute.Default, routes.PerRoute.Named.Count == 0);
        foreach (var (name, rules) in routes.PerRoute.Named.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WritePerRoute(output, $"Per-route rule set '{name}', first match decides:", rules, false);
        }
    }

    private static void WritePerRoute(TextWriter output, string title, IReadOnlyList<Authorization.Routes.RouteRule> rules, bool none)
    {
        output.WriteLine(title);
        if (rules.Count == 0)
        {
            output.WriteLine(none ? "  (none: every signed-in request that the global rules allow passes)" : "  (none: the global rules alone decide)");
            return;
        }

        foreach (var rule in rules)
        {
            var action = rule.Action.ToString().ToLowerInvariant() switch { "skipauth" => "skip_auth", var a => a };
            var require = rule.Require is null ? "" : $", requiring {rule.Require.Describe()}";
            output.WriteLine($"  {rule.Name}: {action} {rule.Match}{require}   # {rule.Origin}");
        }

        output.WriteLine($"  {Authorization.Routes.RouteRules.DefaultDeny}: deny what no rule above matches");
    }

    private static string Describe(HeaderValueSource source) => source switch
    {
        HeaderValueSource.Claim { BasicAuth: true } claim => $"Basic base64({claim.Name}:[redacted])",
        HeaderValueSource.Claim claim when claim.Prefix.Length > 0 => $"\"{claim.Prefix}\" + {claim.Name}",
        HeaderValueSource.Claim claim => claim.Name,
        _ => "[redacted]",
    };

    private static string Shown(Setting setting)
    {
        if (OptionCatalog.FindByTomlKey(setting.Key) is { Kind: OptionKind.Secret })
        {
            return "[redacted]";
        }

        return setting.Value switch
        {
            IReadOnlyList<string> list => "[" + string.Join(", ", list.Select(Quote)) + "]",
            Configuration.Validation.AlphaUpstreamList alpha => "[" + string.Join(", ", alpha.Upstreams.Select(u => Quote(u.Describe()))) + "]",
            bool b => b ? "true" : "false",
            long n => n.ToString(CultureInfo.InvariantCulture),
            var other => Quote(Convert.ToString(other, CultureInfo.InvariantCulture) ?? ""),
        };
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // AKS's upn rule needs the home tenant, which a multi-tenant endpoint does not name: then everyone is an object id.
    private static string UpnRule(KubernetesOptions kube, ProviderOptions provider) =>
        kube.UsernameClaim != "upn" ? ""
        : provider.Type == ProviderType.EntraId && Providers.Entra.EntraTenants.IsMultiTenantEndpoint(provider.IssuerUrl)
            ? " (the issuer names no home tenant, so everyone by oid; set kube_username_claim to name users otherwise)"
            : " (home-tenant members; oid for everyone else)";
}
