using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Cli;
using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Configuration.Validation;
using Lanyard.Kubectl;
using Lanyard.Testing;
using YamlDotNet.RepresentationModel;

namespace Lanyard.Tests.Deploy;

/// <summary>
/// <c>deploy/examples/kubernetes/</c> as a cluster operator copies it: lanyard.toml binds with Lanyard's own loader,
/// webhook-config.yaml is what <c>lanyard kube webhook-config</c> prints and names the webhook lanyard.toml serves,
/// the API server's flags point at that file, and kubeconfig.yaml runs get-token with flags get-token accepts.
/// </summary>
public sealed class KubernetesExampleTests : IDisposable
{
    private const string ServerAppId = "6dae42f8-4368-4678-94ff-3960e28e3630";
    private const string ClientAppId = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";
    private const string TenantId = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";
    private const string MountedSecret = "/etc/lanyard/webhook";

    private readonly TemporaryDirectory _secret = new();

    public void Dispose() => _secret.Dispose();

    [Fact]
    public void LanyardToml_Binds_AsTheWebhook_CallableOnlyByTheApiServer()
    {
        var options = Bind();

        var webhook = options.Server.KubeWebhook!;
        Assert.Equal(8443, webhook.Address.Port);
        Assert.Single(webhook.ClientCertificateAuthorities!);
        Assert.Equal(32, webhook.BearerTokenSha256!.Length);
        Assert.Equal(ServerAppId, options.Provider.ClientId);
        Assert.Equal([ServerAppId, $"spn:{ServerAppId}"], options.Kubernetes.Audiences);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Kubernetes.GroupCacheTtl);
    }

    [Fact]
    public void WebhookConfig_IsWhatWebhookConfigPrints_ForTheWebhookLanyardTomlServes()
    {
        var options = Bind();
        var (ca, certificate, key) = (_secret.Write("ca.crt", Pem("CN=webhook-ca")), _secret.Write("client.crt", Pem("CN=kube-apiserver")), _secret.Write("client.key", "key"));
        var example = ExampleFile.Fill("kubernetes/webhook-config.yaml", new Dictionary<string, string>
        {
            ["webhook-ca-base64"] = Base64(ca),
            ["apiserver-client-certificate-base64"] = Base64(certificate),
            ["apiserver-client-key-base64"] = Base64(key),
        });
        var server = Yaml(example).Items("clusters")[0].Text("cluster", "server");

        var (exit, printed) = Run("kube", "webhook-config", "--server", server, "--certificate-authority", ca, "--client-certificate", certificate, "--client-key", key);

        Assert.Equal(0, exit);
        Assert.Equal(Yaml(printed), Yaml(example));
        var url = new Uri(server);
        Assert.Equal(options.Server.KubeWebhook!.Address.Port, url.Port);
        Assert.Equal("/apis/authentication.k8s.io/v1/tokenreviews", url.AbsolutePath);
    }

    [Fact]
    public void KubeApiServerFlags_ReadTheWebhookConfig_InV1_CachingNoShorterThanTheGroups()
    {
        var options = Bind();
        var apiServer = ExampleFile.Yaml("kubernetes/kubeadm-apiserver.yaml")[0].At("apiServer");
        var flags = apiServer.Items("extraArgs").ToDictionary(a => a.Text("name"), a => a.Text("value"));

        Assert.Equal(["authentication-token-webhook-config-file", "authentication-token-webhook-version", "authentication-token-webhook-cache-ttl"], flags.Keys);
        Assert.Equal("v1", flags["authentication-token-webhook-version"]);
        Assert.True(GoDuration.TryParse(flags["authentication-token-webhook-cache-ttl"], out var ttl));
        Assert.True(ttl >= options.Kubernetes.GroupCacheTtl, $"cache ttl {ttl} is shorter than kube_group_cache_ttl");
        var file = flags["authentication-token-webhook-config-file"];
        Assert.Equal("webhook-config.yaml", Path.GetFileName(file));
        Assert.Contains(apiServer.Items("extraVolumes"), v => v.Text("mountPath") == Path.GetDirectoryName(file) && v.Text("readOnly") == "true");
        foreach (var flag in flags.Keys)
        {
            Assert.Contains($"--{flag}=", File.ReadAllText(ExampleFile.PathOf("kubernetes/kubeadm-apiserver.yaml")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rbac_BindsAUserByUpn_AGuestByObjectId_AndAGroupByObjectId()
    {
        var bindings = ExampleFile.Yaml("kubernetes/rbac.yaml");

        Assert.All(bindings, b => Assert.Equal(("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "rbac.authorization.k8s.io", "ClusterRole"),
            (b.Text("apiVersion"), b.Text("kind"), b.Text("roleRef", "apiGroup"), b.Text("roleRef", "kind"))));
        Assert.Equal(
            [("User", "<user-principal-name>"), ("User", "<guest-object-id>"), ("Group", "<group-object-id>")],
            bindings.Select(b => Assert.Single(b.Items("subjects"))).Select(s => (s.Text("kind"), s.Text("name"))));
        Assert.Equal(["cluster-admin", "view", "edit"], bindings.Select(b => b.Text("roleRef", "name")));
    }

    [Fact]
    public void Kubeconfig_RunsLanyardKubectlGetToken_WithFlagsGetTokenAccepts_AsConvertKubeconfigWritesIt()
    {
        var example = Yaml(FillKubeconfig());
        var exec = example.Items("users")[0].At("user", "exec");
        var args = exec.Texts("args");

        Assert.Equal("lanyard", exec.Text("command"));
        Assert.Equal(["kubectl", "get-token"], args.Take(2));
        var parsed = LanyardCommandLine.Build().Parse([.. args]);
        Assert.Empty(parsed.Errors);
        Assert.Equal("get-token", parsed.CommandResult.Command.Name);
        Assert.Empty(parsed.UnmatchedTokens);

        // The same user, legacy as az aks get-credentials wrote it, converted: the example is the converter's output.
        var user = (YamlMappingNode)example.Items("users")[0].At("user");
        user.Children.Clear();
        user.Add("auth-provider", new YamlMappingNode
        {
            { "name", "azure" },
            { "config", new YamlMappingNode { { "apiserver-id", ServerAppId }, { "client-id", ClientAppId }, { "tenant-id", TenantId }, { "environment", "AzurePublicCloud" } } },
        });
        var converted = Assert.IsType<KubeconfigConversion.Converted>(KubeconfigConverter.Convert(Save(example), new ConvertKubeconfigRequest { Command = "lanyard" }));
        Assert.Equal(Yaml(FillKubeconfig()), Yaml(converted.Yaml));
    }

    [Fact]
    public void ReadmesKubernetesSection_ShowsTheRbacBindings_AndTheKubeconfigUser_AsTheExamplesHaveThem()
    {
        var section = ReadmeSection("Kubernetes: the TokenReview webhook");
        var blocks = System.Text.RegularExpressions.Regex.Matches(section, "```yaml\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).ToList();

        // The bindings, byte for byte as rbac.yaml has them (user by UPN, guest by object id, group by object id).
        var rbac = File.ReadAllText(ExampleFile.PathOf("kubernetes/rbac.yaml")).ReplaceLineEndings("\n");
        Assert.Contains(rbac, blocks);

        // kubectl's user stanza: kubeconfig.yaml's user, the same YAML.
        var example = Yaml(File.ReadAllText(ExampleFile.PathOf("kubernetes/kubeconfig.yaml"))).Items("users");
        var inline = blocks.Where(b => b.StartsWith("users:", StringComparison.Ordinal)).Select(b => Yaml(b).Items("users")).ToList();
        Assert.Equal(Assert.Single(example), Assert.Single(Assert.Single(inline)));

        // And the rest the section promises: the webhook's setup, and how it differs from AKS's legacy integration.
        Assert.Contains("kube_webhook_address", section, StringComparison.Ordinal);
        Assert.Contains("lanyard kube webhook-config", section, StringComparison.Ordinal);
        Assert.Contains("How this differs from AKS's legacy integration", section, StringComparison.Ordinal);
        Assert.Contains("groups are cached per user", section, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmesKubectlSignInStanza_IsAValidV1ExecUser_RunningGetTokenWithFlagsItAccepts()
    {
        var block = System.Text.RegularExpressions.Regex.Match(ReadmeSection("kubectl sign-in"), "```yaml\n(users:.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(block.Success, "the kubectl sign-in section shows no users: stanza");

        var exec = Yaml(block.Groups[1].Value).Items("users")[0].At("user", "exec");
        // kubectl refuses a client.authentication.k8s.io/v1 exec stanza without interactiveMode.
        Assert.Equal("client.authentication.k8s.io/v1", exec.Text("apiVersion"));
        Assert.Equal("IfAvailable", exec.Text("interactiveMode"));
        Assert.Equal("lanyard", exec.Text("command"));
        // The placeholders filled as a user would; the flags are get-token's, all of them known.
        var args = exec.Texts("args").Select(a => a.StartsWith('<') ? (a.Contains("tenant", StringComparison.Ordinal) ? TenantId : ServerAppId) : a).ToArray();
        var parsed = LanyardCommandLine.Build().Parse(args);
        Assert.Empty(parsed.Errors);
        Assert.Equal("get-token", parsed.CommandResult.Command.Name);
        Assert.Empty(parsed.UnmatchedTokens);
    }

    /// <summary>README's <c>## heading</c> section, up to the next such heading.</summary>
    private static string ReadmeSection(string heading)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no '{heading}' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    private LanyardOptions Bind()
    {
        var toml = ExampleFile.Fill("kubernetes/lanyard.toml", new Dictionary<string, string>
        {
            ["tenant-id"] = TenantId,
            ["server-app-id"] = ServerAppId,
            ["server-app-secret"] = "server-app-secret-value",
            ["cookie-secret"] = "0123456789abcdef0123456789abcdef",
        }).Replace(MountedSecret, _secret.Path, StringComparison.Ordinal);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=lanyard.kube-system.svc", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        _secret.Write("tls.crt", certificate.ExportCertificatePem());
        _secret.Write("tls.key", key.ExportPkcs8PrivateKeyPem());
        _secret.Write("client-ca.crt", Pem("CN=kubernetes-ca"));
        _secret.Write("token", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n");
        var errors = new List<ConfigurationError>();
        var layers = new SettingsLayers().Add(SettingsLayers.Defaults()).Add(TomlConfigFile.Parse(toml, "lanyard.toml", errors));
        Assert.Empty(errors);
        return LanyardOptionsBinder.Bind(layers, errors, _ => null);
    }

    private static string FillKubeconfig() => ExampleFile.Fill("kubernetes/kubeconfig.yaml", new Dictionary<string, string>
    {
        ["cluster-ca-base64"] = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==",
        ["cluster-api-host"] = "myakscluster-dns-1a2b3c4d.hcp.eastus.azmk8s.io",
        ["server-app-id"] = ServerAppId,
        ["client-app-id"] = ClientAppId,
        ["tenant-id"] = TenantId,
    });

    private static string Pem(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return certificate.ExportCertificatePem();
    }

    private static string Base64(string path) => Convert.ToBase64String(File.ReadAllBytes(path));

    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var exit = LanyardCommandLine.Build().Parse(args).Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = new StringWriter() });
        return (exit, output.ToString());
    }

    private static YamlMappingNode Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static string Save(YamlMappingNode root)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
