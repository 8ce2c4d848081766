using System.CommandLine;
using Lanyard.Configuration;
using YamlDotNet.Serialization;

namespace Lanyard.Cli;

/// <summary>
/// <c>lanyard kube webhook-config</c>: the kubeconfig the API server's <c>--authentication-token-webhook-config-file</c>
/// names; <c>lanyard kube authn-config</c>: a structured <c>AuthenticationConfiguration</c> with JWT authenticators for
/// clusters that need no group-overage handling (kubernetes-authn.md §1.2–1.3). Both only print; nothing is contacted.
/// </summary>
internal static class KubeCommand
{
    public static Command Create()
    {
        var kube = new Command("kube", "Kubernetes: the API server's configuration for Lanyard's TokenReview webhook, or for its own JWT authenticator.");
        kube.Add(WebhookConfig());
        kube.Add(AuthnConfig());
        return kube;
    }

    private static Command WebhookConfig()
    {
        var server = new Option<string>("--server") { Description = "The webhook's URL as the API server reaches it, e.g. https://lanyard.kube-system.svc:8443/apis/authentication.k8s.io/v1/tokenreviews", Required = true };
        var authority = new Option<FileInfo>("--certificate-authority") { Description = "PEM CA that signed the webhook's certificate (kube_webhook_tls_cert_file)", Required = true };
        var clientCertificate = new Option<FileInfo?>("--client-certificate") { Description = "PEM client certificate the API server presents (issued by kube_webhook_client_ca_file's CA)" };
        var clientKey = new Option<FileInfo?>("--client-key") { Description = "Its PEM private key" };
        var tokenFile = new Option<FileInfo?>("--token-file") { Description = "The token the API server sends instead (kube_webhook_token_file)" };
        var command = new Command("webhook-config", "Print the kubeconfig for kube-apiserver's --authentication-token-webhook-config-file (use --authentication-token-webhook-version=v1).")
        {
            server, authority, clientCertificate, clientKey, tokenFile,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var url = parseResult.GetValue(server)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttps)
            {
                error.WriteLine($"--server: '{url}' is not an https:// URL; the API server sends tokens to the webhook over TLS only");
                return 1;
            }

            var (certificate, key, token) = (parseResult.GetValue(clientCertificate), parseResult.GetValue(clientKey), parseResult.GetValue(tokenFile));
            if ((certificate is null) != (key is null) || (certificate is null) == (token is null))
            {
                error.WriteLine("give either --client-certificate with --client-key, or --token-file: how the API server proves itself to the webhook");
                return 1;
            }

            try
            {
                var user = token is not null
                    ? new Dictionary<string, object> { ["token"] = File.ReadAllText(token.FullName).Trim() }
                    : new Dictionary<string, object> { ["client-certificate-data"] = Base64(certificate!), ["client-key-data"] = Base64(key!) };
                var kubeconfig = new Dictionary<string, object>
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Config",
                    ["clusters"] = new[] { new Dictionary<string, object> { ["name"] = "lanyard", ["cluster"] = new Dictionary<string, object> { ["server"] = url, ["certificate-authority-data"] = Base64(parseResult.GetValue(authority)!) } } },
                    ["users"] = new[] { new Dictionary<string, object> { ["name"] = "kube-apiserver", ["user"] = user } },
                    ["contexts"] = new[] { new Dictionary<string, object> { ["name"] = "webhook", ["context"] = new Dictionary<string, object> { ["cluster"] = "lanyard", ["user"] = "kube-apiserver" } } },
                    ["current-context"] = "webhook",
                };
                output.WriteLine("# kube-apiserver --authentication-token-webhook-config-file=<this file> --authentication-token-webhook-version=v1");
                output.WriteLine("#   --authentication-token-webhook-cache-ttl=2m (no shorter than Lanyard's kube_group_cache_ttl)");
                output.Write(Yaml().Serialize(kubeconfig));
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"cannot read a file: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command AuthnConfig()
    {
        var settings = new ProxySettings();
        var version = new Option<string>("--api-version") { Description = "apiserver.config.k8s.io/v1 (Kubernetes 1.34+) or v1beta1 (1.30-1.33)", DefaultValueFactory = _ => "v1" };
        var command = new Command("authn-config", "Print an AuthenticationConfiguration (kube-apiserver --authentication-config) with JWT authenticators for this configuration's tenant and audiences.") { version };
        settings.AddTo(command);
        command.SetAction(parseResult => ConfigCommand.Run(settings, parseResult, (bound, output) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(version) is not ("v1" or "v1beta1") || bound.Options.Provider.Type != ProviderType.EntraId)
            {
                error.WriteLine("authn-config needs provider = \"entra-id\", and --api-version v1 or v1beta1");
                return 1;
            }

            if (Providers.Entra.EntraAuthority.TenantOf(bound.Options.Provider.IssuerUrl.AbsoluteUri) is not { } tenant)
            {
                error.WriteLine("authn-config needs a single-tenant oidc_issuer_url (https://login.microsoftonline.com/<tenant id>/v2.0): a JWT authenticator names one issuer exactly");
                return 1;
            }

            output.Write(AuthenticationConfiguration(bound.Options, tenant, parseResult.GetValue(version)!));
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Always said, as YAML comments so the output stays a file to apply: Lanyard cannot know how many groups the
    /// server app's users are in, and the API server's own JWT authenticator has no way to call Graph (issue 12,
    /// kubernetes-authn.md §1.3).
    /// </summary>
    internal const string OverageNote =
        "# A structured AuthenticationConfiguration cannot resolve group overage: a user in more than 200 groups gets a token\n"
        + "# without them, and these authenticators refuse it. The webhook is needed for such users: run Lanyard's TokenReview\n"
        + "# webhook beside it (kube_webhook_address, lanyard kube webhook-config), which reads their groups from Microsoft Graph.\n";

    /// <summary>
    /// Two JWT authenticators, for v1.0 and v2.0 tokens of the tenant (<c>url</c> must equal <c>iss</c>), with AKS's
    /// user mapping in CEL. Tokens with group overage are refused here, so they fall through to the webhook, which
    /// is the one that can read their groups; without the webhook such users cannot sign in at all.
    /// </summary>
    internal static string AuthenticationConfiguration(LanyardOptions options, string tenant, string apiVersion)
    {
        var kube = options.Kubernetes;
        var authority = Providers.Entra.EntraAuthority.FromIssuerUrl(options.Provider.IssuerUrl);
        var usernameExpression = kube.UsernameClaim == "upn"
            ? $"claims.tid == '{tenant}' && has(claims.upn) && !has(claims.idp) && !claims.upn.contains('#EXT#') ? claims.upn : claims.oid"
            : $"has(claims.{kube.UsernameClaim}) ? claims.{kube.UsernameClaim} : claims.oid";
        if (kube.UsernamePrefix.Length > 0)
        {
            usernameExpression = $"'{kube.UsernamePrefix}' + ({usernameExpression})";
        }

        var groupsExpression = kube.GroupsPrefix.Length > 0
            ? $"has(claims.groups) ? claims.groups.map(g, '{kube.GroupsPrefix}' + g) : []"
            : "has(claims.groups) ? claims.groups : []";

        Dictionary<string, object> Authenticator(string issuer) => new()
        {
            ["issuer"] = new Dictionary<string, object>
            {
                ["url"] = issuer,
                ["audiences"] = kube.Audiences.ToArray(),
                ["audienceMatchPolicy"] = "MatchAny",
            },
            ["claimValidationRules"] = new[]
            {
                new Dictionary<string, object> { ["expression"] = $"claims.tid == '{tenant}'", ["message"] = "the token is from another tenant" },
                new Dictionary<string, object> { ["expression"] = "!has(claims._claim_names) && !(has(claims.hasgroups) && claims.hasgroups)", ["message"] = "group overage: Lanyard's TokenReview webhook reads these groups" },
                new Dictionary<string, object> { ["expression"] = "has(claims.oid)", ["message"] = "the token names no object id" },
            },
            ["claimMappings"] = new Dictionary<string, object>
            {
                ["username"] = new Dictionary<string, object> { ["expression"] = usernameExpression },
                ["groups"] = new Dictionary<string, object> { ["expression"] = groupsExpression },
                ["uid"] = new Dictionary<string, object> { ["claim"] = "oid" },
            },
            ["userValidationRules"] = new[]
            {
                new Dictionary<string, object> { ["expression"] = "!user.username.startsWith('system:')", ["message"] = "user names starting with system: are Kubernetes' own" },
                new Dictionary<string, object> { ["expression"] = "user.groups.all(g, !g.startsWith('system:'))", ["message"] = "group names starting with system: are Kubernetes' own" },
            },
        };

        // The resource app's manifest decides which version its tokens are: accept both.
        string[] issuers = [authority.V1IssuerFor(tenant), authority.IssuerFor(tenant)];
        var document = new Dictionary<string, object>
        {
            ["apiVersion"] = $"apiserver.config.k8s.io/{apiVersion}",
            ["kind"] = "AuthenticationConfiguration",
            ["jwt"] = issuers.Select(Authenticator).ToArray(),
        };
        return "# kube-apiserver --authentication-config=<this file>\n"
               + OverageNote
               + Yaml().Serialize(document);
    }

    private static string Base64(FileInfo file) => Convert.ToBase64String(File.ReadAllBytes(file.FullName));

    private static ISerializer Yaml() => new SerializerBuilder().DisableAliases().Build();

}
