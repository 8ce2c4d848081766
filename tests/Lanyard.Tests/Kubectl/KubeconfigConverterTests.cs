using Lanyard.Kubectl;
using Lanyard.Testing;
using YamlDotNet.RepresentationModel;
using static Lanyard.Tests.Kubectl.KubeconfigSamples;

namespace Lanyard.Tests.Kubectl;

/// <summary><c>convert-kubeconfig</c> on text: each input shape kubelogin converts, what it keeps, and what it refuses.</summary>
public sealed class KubeconfigConverterTests
{
    private static readonly ConvertKubeconfigRequest Defaults = new() { Command = "/usr/local/bin/lanyard" };

    private static string[] Ids(string mode) =>
        ["kubectl", "get-token", "--login", mode, "--server-id", ServerId, "--client-id", ClientId, "--tenant-id", TenantId];

    [Fact]
    public void LegacyAzureAuthProvider_BecomesAnExecStanza_WithItsIds_AndItsTokensAreGone()
    {
        var (yaml, users) = Converted(Legacy, Defaults);

        Assert.Equal(["clusterUser_myResourceGroup_myakscluster"], users);
        var user = User(yaml, "clusterUser_myResourceGroup_myakscluster");
        Assert.Null(user.Find("auth-provider"));
        var exec = user.At("exec");
        Assert.Equal("client.authentication.k8s.io/v1beta1", exec.Text("apiVersion"));
        Assert.Equal("/usr/local/bin/lanyard", exec.Text("command"));
        Assert.Equal([.. Ids("devicecode"), "--environment", "AzurePublicCloud"], exec.Texts("args"));
        Assert.Equal("IfAvailable", exec.Text("interactiveMode"));
        Assert.Equal("false", exec.Text("provideClusterInfo"));
        Assert.Equal("null", exec.Text("env"));
        Assert.DoesNotContain("legacy-access-token", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("legacy-refresh-token", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void KubeloginExecPlugin_KeepsItsIdsAndCloud_ButNotItsLoginModeOrCacheDirectory()
    {
        var (yaml, users) = Converted(Kubelogin, Defaults);

        Assert.Equal(["clusterUser_rg_aks"], users);
        var exec = User(yaml, "clusterUser_rg_aks").At("exec");
        Assert.Equal([.. Ids("devicecode"), "--environment", "AzureUSGovernmentCloud"], exec.Texts("args"));
        Assert.Equal("/usr/local/bin/lanyard", exec.Text("command"));
        Assert.DoesNotContain("kubelogin", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_OverrideTheIdsTheUserHas()
    {
        var request = Defaults with { ServerId = "server", ClientId = "client", TenantId = "contoso.onmicrosoft.com", Environment = "AzureChinaCloud", AuthorityHost = "http://127.0.0.1:4181" };

        var (yaml, _) = Converted(Legacy, request);

        Assert.Equal(
            ["kubectl", "get-token", "--login", "devicecode", "--server-id", "server", "--client-id", "client", "--tenant-id", "contoso.onmicrosoft.com",
             "--environment", "AzureChinaCloud", "--authority-host", "http://127.0.0.1:4181"],
            User(yaml, "clusterUser_myResourceGroup_myakscluster").Texts("exec", "args"));
    }

    [Fact]
    public void EverythingElse_SurvivesAsItWas_UnknownKeysIncluded()
    {
        var (yaml, _) = Converted(Legacy, Defaults);
        var before = Root(Legacy);
        var after = Root(yaml);

        Assert.Equal(Keys(before), Keys(after));
        Assert.Equal("platform", after.Text("x-team-notes", "owner"));
        Assert.Equal("true", after.Text("preferences", "colors"));
        Assert.Equal("r12", after.Items("clusters")[0].Items("cluster", "extensions")[0].Text("extension", "rack"));
        Assert.Equal(before.At("clusters"), after.At("clusters"));
        Assert.Equal(before.At("contexts"), after.At("contexts"));
        Assert.Equal(before.Items("users")[1], after.Items("users")[1]);
        Assert.Equal("myakscluster", after.Text("current-context"));
    }

    [Fact]
    public void ConvertingTwice_ChangesTheLoginMode_AndKeepsTheIdsAndLanyardsCacheDirectory()
    {
        var (once, _) = Converted(Legacy, Defaults with { CacheDirectory = "/var/cache/kube" });

        var (twice, users) = Converted(once, Defaults with { Login = LoginMode.Interactive, LoginHint = "alice@contoso.com" });

        Assert.Equal(["clusterUser_myResourceGroup_myakscluster"], users);
        Assert.Equal(
            ["kubectl", "get-token", "--login", "interactive", "--server-id", ServerId, "--token-cache-dir", "/var/cache/kube", "--client-id", ClientId,
             "--tenant-id", TenantId, "--environment", "AzurePublicCloud", "--login-hint", "alice@contoso.com"],
            User(twice, "clusterUser_myResourceGroup_myakscluster").Texts("exec", "args"));
    }

    [Theory]
    [InlineData("spn", new[] { "--client-id", ClientId, "--tenant-id", TenantId, "--environment", "AzurePublicCloud", "--client-certificate", "/etc/sp.pem" })]
    [InlineData("msi", new string[0])]
    [InlineData("workloadidentity", new[] { "--federated-token-file", "/var/run/secrets/azure/tokens/azure-identity-token" })]
    public void ServiceLogins_TakeOnlyWhatTheirModeUses(string mode, string[] rest)
    {
        var request = Defaults with { Login = LoginModeName.Parse(mode)!.Value, ClientCertificatePath = "/etc/sp.pem", FederatedTokenFile = "/var/run/secrets/azure/tokens/azure-identity-token" };

        var (yaml, _) = Converted(Legacy, request);

        // msi and workloadidentity are another identity than the public client the user signed in with.
        Assert.Equal(["kubectl", "get-token", "--login", mode, "--server-id", ServerId, .. rest],
            User(yaml, "clusterUser_myResourceGroup_myakscluster").Texts("exec", "args"));
    }

    [Fact]
    public void Context_ConvertsOnlyItsUser_EvenOneThatIsNotKubeloginsWhenTheFlagsNameTheIds()
    {
        var request = Defaults with { Context = "myakscluster-admin", ServerId = "s", ClientId = "c", TenantId = "t" };

        var (yaml, users) = Converted(Legacy, request);

        Assert.Equal(["clusterAdmin_myResourceGroup_myakscluster"], users);
        Assert.Equal("azure", User(yaml, "clusterUser_myResourceGroup_myakscluster").Text("auth-provider", "name"));
        var admin = User(yaml, "clusterAdmin_myResourceGroup_myakscluster");
        Assert.Equal(["kubectl", "get-token", "--login", "devicecode", "--server-id", "s", "--client-id", "c", "--tenant-id", "t"], admin.Texts("exec", "args"));
    }

    [Fact]
    public void UsersThatAreNeitherKubeloginsNorAzures_AreLeftAlone()
    {
        var (yaml, _) = Converted(Legacy, Defaults);

        Assert.Equal(Root(Legacy).Items("users")[1], Root(yaml).Items("users")[1]);
        var plain = "apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    exec:\n      command: aws\n      args: [eks, get-token]\n";
        Assert.IsType<KubeconfigConversion.Unchanged>(KubeconfigConverter.Convert(plain, Defaults));
    }

    [Fact]
    public void ValuesThatYamlWouldReadAsBoolsOrNumbers_AreQuoted_SoKubectlReadsStrings()
    {
        var (yaml, _) = Converted(Legacy, Defaults with { TenantId = "1234", ClientId = "yes", CacheDirectory = "null" });

        Assert.Contains("- \"1234\"", yaml, StringComparison.Ordinal);
        Assert.Contains("- \"yes\"", yaml, StringComparison.Ordinal);
        Assert.Contains("- \"null\"", yaml, StringComparison.Ordinal);
        Assert.Contains("- --tenant-id\n", yaml, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string, string> Refusals => new()
    {
        { "", null, "devicecode", "the kubeconfig is empty" },
        { "users: [\n- name: a\n", null, "devicecode", "not YAML: " },
        { "just a string", null, "devicecode", "not a kubeconfig: its top level is not a mapping" },
        { "apiVersion: v1\n---\napiVersion: v1\n", null, "devicecode", "not a kubeconfig: it holds 2 YAML documents" },
        { "apiVersion: v1\nkind: Config\nusers: []\n", null, "devicecode", "the kubeconfig has no users" },
        { "apiVersion: v1\nkind: Config\n", null, "devicecode", "the kubeconfig has no users" },
        { Legacy, "staging", "devicecode", "no context named 'staging' in the kubeconfig" },
        { Legacy.Replace("user: clusterAdmin_", "user: gone_", StringComparison.Ordinal), "myakscluster-admin", "devicecode", "context 'myakscluster-admin' names user 'gone_myResourceGroup_myakscluster', which the kubeconfig does not define" },
        { Legacy, "myakscluster-admin", "devicecode", "user 'clusterAdmin_myResourceGroup_myakscluster': no server id in the kubeconfig; give --server-id" },
        { Legacy.Replace($"client-id: {ClientId}", "", StringComparison.Ordinal), null, "devicecode", "user 'clusterUser_myResourceGroup_myakscluster': no client id in the kubeconfig; give --client-id" },
        { Legacy.Replace($"tenant-id: {TenantId}", "", StringComparison.Ordinal), null, "spn", "user 'clusterUser_myResourceGroup_myakscluster': no tenant id in the kubeconfig; give --tenant-id" },
        { Legacy.Replace("environment: AzurePublicCloud", "environment: AzureGermanCloud", StringComparison.Ordinal), null, "devicecode", "user 'clusterUser_myResourceGroup_myakscluster': environment 'AzureGermanCloud' is not one of AzurePublicCloud, AzureUSGovernmentCloud, AzureChinaCloud" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void BadInput_IsRefusedInOneLine_NamingTheProblem(string text, string? context, string login, string reason)
    {
        var request = Defaults with { Context = context, Login = LoginModeName.Parse(login)!.Value };

        var refused = Assert.IsType<KubeconfigConversion.Refused>(KubeconfigConverter.Convert(text, request));

        Assert.StartsWith(reason, refused.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Reason);
    }

    private static (string Yaml, IReadOnlyList<string> Users) Converted(string text, ConvertKubeconfigRequest request)
    {
        var converted = Assert.IsType<KubeconfigConversion.Converted>(KubeconfigConverter.Convert(text, request));
        return (converted.Yaml, converted.Users);
    }

    private static YamlMappingNode Root(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlNode User(string yaml, string name) => Root(yaml).Items("users").Single(u => u.Text("name") == name).At("user");

    private static List<string> Keys(YamlMappingNode map) => [.. map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];
}
