using Lanyard.Cli;
using Lanyard.Testing;
using Lanyard.Tests.Configuration;
using YamlDotNet.RepresentationModel;

namespace Lanyard.Tests.Kubernetes;

/// <summary>
/// <c>lanyard kube authn-config</c>'s AuthenticationConfiguration (kubernetes-authn.md §1.3): one JWT authenticator
/// per Entra token version (the issuer must equal <c>iss</c> exactly), the server app's audiences, AKS's user
/// mapping in CEL, and overage tokens refused so they fall through to the webhook.
/// </summary>
public sealed class AuthenticationConfigurationTests
{
    private const string Tenant = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";
    private const string ServerApp = "6dae42f8-4368-4678-94ff-3960e28e3630";

    private static string Toml(string extra = "") => $"""
        provider = "entra-id"
        oidc_issuer_url = "https://login.microsoftonline.com/{Tenant}/v2.0"
        client_id = "{ServerApp}"
        client_secret = "s"
        cookie_secret = "0123456789abcdef0123456789abcdef"
        email_domains = ["*"]
        {extra}
        """;

    private static YamlMappingNode Render(string extra = "", string version = "v1")
    {
        var options = TomlBinding.Bind(Toml(extra));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(KubeCommand.AuthenticationConfiguration(options, Tenant, version)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Text(YamlNode node, params string[] path) =>
        ((YamlScalarNode)path.Aggregate(node, (n, key) => ((YamlMappingNode)n)[key])).Value!;

    [Fact]
    public void BothTokenVersions_GetAnAuthenticator_ForTheServerAppsAudiences()
    {
        var document = Render();
        var jwt = (YamlSequenceNode)document["jwt"];

        Assert.Equal(("apiserver.config.k8s.io/v1", "AuthenticationConfiguration"), (Text(document, "apiVersion"), Text(document, "kind")));
        Assert.Equal([$"https://sts.windows.net/{Tenant}/", $"https://login.microsoftonline.com/{Tenant}/v2.0"], jwt.Select(j => Text(j, "issuer", "url")));
        Assert.All(jwt, j => Assert.Equal([ServerApp, $"api://{ServerApp}", $"spn:{ServerApp}"], ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)j)["issuer"])["audiences"]).Select(a => ((YamlScalarNode)a).Value)));
        Assert.Equal("apiserver.config.k8s.io/v1beta1", Text(Render(version: "v1beta1"), "apiVersion"));
    }

    [Fact]
    public void TheMapping_IsAksRule_AndOverageFallsThroughToTheWebhook()
    {
        var authenticator = (YamlMappingNode)((YamlSequenceNode)Render("kube_username_prefix = \"entra:\"")["jwt"])[0];
        var rules = ((YamlSequenceNode)authenticator["claimValidationRules"]).Select(r => Text(r, "expression")).ToList();

        Assert.Contains($"claims.tid == '{Tenant}'", rules);
        Assert.Contains(rules, r => r.Contains("!has(claims._claim_names)", StringComparison.Ordinal) && r.Contains("hasgroups", StringComparison.Ordinal));
        var username = Text(authenticator, "claimMappings", "username", "expression");
        Assert.StartsWith("'entra:' + (", username, StringComparison.Ordinal);
        Assert.Contains("claims.upn : claims.oid", username, StringComparison.Ordinal);
        Assert.Equal("oid", Text(authenticator, "claimMappings", "uid", "claim"));
        Assert.Contains(((YamlSequenceNode)authenticator["userValidationRules"]).Select(r => Text(r, "expression")), r => r.Contains("system:", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCommand_SaysAStructuredConfigurationCannotResolveOverage_AndTheWebhookIsNeeded_InCommentsOfValidYaml()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Write("lanyard.toml", Toml());
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = LanyardCommandLine.Build().Parse(["kube", "authn-config", "--config", path])
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });

        Assert.True(exit == 0, error.ToString());
        var printed = output.ToString();
        var comments = string.Join(" ", printed.Split('\n').Where(l => l.StartsWith('#')).Select(l => l.TrimStart('#', ' ')));
        Assert.Contains("A structured AuthenticationConfiguration cannot resolve group overage", comments, StringComparison.Ordinal);
        Assert.Contains("more than 200 groups", comments, StringComparison.Ordinal);
        Assert.Contains("The webhook is needed", comments, StringComparison.Ordinal);
        Assert.Contains("lanyard kube webhook-config", comments, StringComparison.Ordinal);
        // The note is comments only: stdout is still one YAML document kube-apiserver reads.
        var yaml = new YamlStream();
        yaml.Load(new StringReader(printed));
        var document = (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
        Assert.Equal("AuthenticationConfiguration", Text(document, "kind"));
        Assert.Equal(2, ((YamlSequenceNode)document["jwt"]).Children.Count);
        Assert.Empty(error.ToString());
    }
}
