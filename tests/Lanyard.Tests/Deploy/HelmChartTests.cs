using System.Text.RegularExpressions;
using Lanyard.Configuration;
using YamlDotNet.RepresentationModel;

namespace Lanyard.Tests.Deploy;

/// <summary>
/// deploy/helm/lanyard, checked as far as it can be without Helm (which cannot be installed here; README "Deploy" has
/// the <c>helm lint</c> / <c>helm template</c> commands to run): its files parse, its templates name only values that
/// exist and every value is used, its flags and variables are Lanyard's, and what its values give Lanyard binds.
/// </summary>
public sealed partial class HelmChartTests
{
    private const string ClientId = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f";

    [Fact]
    public void ChartYaml_IsAnApiV2Chart_WithVersions()
    {
        var chart = HelmChart.LoadMapping(Path.Combine(HelmChart.Root, "Chart.yaml"));

        Assert.Equal("v2", Scalar(chart, "apiVersion"));
        Assert.Equal("lanyard", Scalar(chart, "name"));
        Assert.Equal("application", Scalar(chart, "type"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", Scalar(chart, "version"));
        Assert.NotEmpty(Scalar(chart, "appVersion"));
    }

    [Fact]
    public void EveryValuesPath_TheTemplatesName_IsInValuesYaml()
    {
        var references = HelmChart.ValuesReferences().ToList();
        Assert.NotEmpty(references);

        var missing = references.Where(r => HelmChart.Find(HelmChart.Values, r.Path) is null).Select(r => $"{r.File}: .Values.{r.Path}").Distinct().ToList();

        Assert.True(missing.Count == 0, "not in values.yaml: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryKeyInValuesYaml_IsUsedByATemplate()
    {
        var used = HelmChart.ValuesReferences().Where(r => !r.IsVariable).Select(r => r.Path).ToHashSet(StringComparer.Ordinal);

        // A key is used when a template names it or a section around it as a whole (toYaml, with).
        var unused = HelmChart.KeyPaths(HelmChart.Values)
            .Where(path => !used.Any(u => u == path || path.StartsWith(u + ".", StringComparison.Ordinal) || u.StartsWith(path + ".", StringComparison.Ordinal)))
            .ToList();

        Assert.True(unused.Count == 0, "values.yaml keys no template reads: " + string.Join(", ", unused));
    }

    [Fact]
    public void EveryCiValuesFile_SetsOnlyKeysValuesYamlHas()
    {
        Assert.NotEmpty(HelmChart.CiValueFiles);
        foreach (var file in HelmChart.CiValueFiles)
        {
            var problems = new List<string>();
            CompareWithValues(HelmChart.CiValues(file), "", problems);
            Assert.True(problems.Count == 0, $"ci/{file}: " + string.Join(", ", problems));
        }
    }

    [Fact]
    public void EveryTemplate_ClosesWhatItOpens()
    {
        foreach (var (file, text) in HelmChart.Templates)
        {
            var opened = Opening().Count(text);
            var closed = Closing().Count(text);
            Assert.True(opened == closed, $"{file}: {opened} if/range/with/define but {closed} end");
        }
    }

    [Fact]
    public void EveryFlagAndVariable_TheTemplatesPass_IsALanyardOption()
    {
        var text = string.Concat(HelmChart.Templates.Values);
        var flags = Flag().Matches(text).Select(m => m.Groups["flag"].Value).Distinct().ToList();
        var variables = EnvironmentName().Matches(text).Select(m => m.Value).Distinct().ToList();
        Assert.Contains("--http-address", flags);
        Assert.Contains("OAUTH2_PROXY_REDIS_SENTINEL_CONNECTION_URLS", variables);

        var supported = OptionCatalog.Supported.ToList();
        var unknownFlags = flags.Where(f => f is not ("--config" or "--alpha-config") && !supported.Exists(o => o.FlagName == f)).ToList();
        var unknownVariables = variables.Where(v => !supported.Exists(o => o.EnvironmentName == v)).ToList();

        Assert.True(unknownFlags.Count == 0, "flags Lanyard does not have: " + string.Join(", ", unknownFlags));
        Assert.True(unknownVariables.Count == 0, "variables Lanyard does not read: " + string.Join(", ", unknownVariables));
    }

    [Fact]
    public void WhatTheTestsMirror_IsStillInTheTemplates()
    {
        foreach (var (file, line) in ChartInvocation.TemplateLines)
        {
            Assert.True(HelmChart.Templates[file].Contains(line, StringComparison.Ordinal), $"{file} no longer has: {line}");
        }
    }

    [Fact]
    public void TheProbes_AreOnPingAndReady_LanyardsDefaults_OnTheHttpPort()
    {
        var deployment = HelmChart.Templates["deployment.yaml"];

        Assert.Equal("/ping", Probe().Match(deployment[deployment.IndexOf("livenessProbe:", StringComparison.Ordinal)..]).Groups["path"].Value);
        Assert.Equal("/ready", Probe().Match(deployment[deployment.IndexOf("readinessProbe:", StringComparison.Ordinal)..]).Groups["path"].Value);
        Assert.Equal("/ping", OptionCatalog.FindByTomlKey("ping_path")!.DefaultValue);
        Assert.Equal("/ready", OptionCatalog.FindByTomlKey("ready_path")!.DefaultValue);
        Assert.Equal(2, Regex.Count(deployment, @"port: http\n"));
        Assert.Contains("- name: http\n              containerPort: 4180\n", deployment, StringComparison.Ordinal);
    }

    [Fact]
    public void TheContainer_IsNonRoot_WithAReadOnlyRoot_AndNoCapabilities()
    {
        Assert.Equal("true", HelmChart.Scalar(null, "podSecurityContext.runAsNonRoot"));
        Assert.Equal("1654", HelmChart.Scalar(null, "podSecurityContext.runAsUser"));
        Assert.Equal("true", HelmChart.Scalar(null, "securityContext.runAsNonRoot"));
        Assert.Equal("true", HelmChart.Scalar(null, "securityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", HelmChart.Scalar(null, "securityContext.allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], HelmChart.List(null, "securityContext.capabilities.drop"));
        // With the root read-only, /tmp (where .NET puts its diagnostics socket) is an emptyDir.
        Assert.Contains("mountPath: /tmp", HelmChart.Templates["deployment.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultConfig_WithTheSecretsTheChartInjects_IsOneLanyardAccepts()
    {
        using var chart = new ChartInvocation(null, new Dictionary<string, string> { ["secret.clientID"] = ClientId, ["secret.clientSecret"] = "s3cret" });

        var options = chart.Bind();

        Assert.Equal(new ListenAddress("0.0.0.0", 4180), options.Server.HttpAddress);
        Assert.Equal(ClientId, options.Provider.ClientId);
        Assert.Equal("s3cret", Assert.IsType<ClientCredentialOptions.ClientSecret>(options.Provider.Credential).Value.Reveal());
        Assert.IsType<SessionStoreOptions.Cookie>(options.Sessions);
        Assert.Null(options.Server.MetricsAddress);
        Assert.Null(options.Server.ExtAuthzGrpc);
    }

    [Fact]
    public void TheDefaults_WithoutAClientId_StopLanyard_NamingIt()
    {
        using var chart = new ChartInvocation(null);

        var errors = Assert.Throws<ConfigurationException>(chart.Bind).Errors;

        Assert.Contains(errors, e => e.Option == "client_id");
    }

    [Fact]
    public void TheAlphaConfigExample_Binds_WithTheChartsServerSection_AndTheClientCredentialsUnderLanyardNames()
    {
        using var chart = new ChartInvocation(HelmChart.CiValues("alpha-config-values.yaml"));
        Assert.DoesNotContain("OAUTH2_PROXY_CLIENT_ID", chart.Environment.Keys);

        var options = chart.Bind();

        Assert.Equal(ClientId, options.Provider.ClientId);
        Assert.Equal("replace-me", Assert.IsType<ClientCredentialOptions.ClientSecret>(options.Provider.Credential).Value.Reveal());
        Assert.Equal(new ListenAddress("0.0.0.0", 4180), options.Server.HttpAddress);
        Assert.Equal(new ListenAddress("0.0.0.0", 44180), options.Server.MetricsAddress);
        Assert.Equal("http://my-app.default.svc.cluster.local:8080/", Assert.Single(options.Upstreams).Destination!.ToString());
    }

    [Fact]
    public void TheRedisSentinelExample_Binds_WithBothPasswordsFromTheExistingSecret()
    {
        using var chart = new ChartInvocation(HelmChart.CiValues("redis-sentinel-values.yaml"));

        var redis = Assert.IsType<SessionStoreOptions.Redis>(chart.Bind().Sessions);

        var sentinel = Assert.IsType<RedisServers.Sentinel>(redis.Servers);
        Assert.Equal("mymaster", sentinel.MasterName);
        Assert.Equal(2, sentinel.Sentinels.Count);
        Assert.Equal(ChartInvocation.FromExistingSecret + "-sentinel", sentinel.SentinelPassword!.Reveal());
        Assert.Equal(ChartInvocation.FromExistingSecret, redis.Password!.Reveal());
    }

    [Fact]
    public void TheWorkloadIdentityExample_Binds_ToTheFederatedTokenTheWebhookMounts()
    {
        using var chart = new ChartInvocation(HelmChart.CiValues("workload-identity-values.yaml"));
        // What Azure Workload Identity's webhook adds to a pod labelled azure.workload.identity/use: "true".
        chart.Environment["AZURE_FEDERATED_TOKEN_FILE"] = chart.WriteFile("azure-identity-token", "eyJ.token.sig");
        Assert.DoesNotContain("OAUTH2_PROXY_CLIENT_SECRET", chart.Environment.Keys);

        var options = chart.Bind();

        Assert.IsType<ClientCredentialOptions.FederatedTokenFile>(options.Provider.Credential);
        Assert.Equal(ClientId, options.Provider.ClientId);
        var values = HelmChart.CiValues("workload-identity-values.yaml");
        var annotations = Assert.IsType<YamlMappingNode>(HelmChart.Effective(values, "serviceAccount.annotations"));
        Assert.Equal(ClientId, Scalar(annotations, "azure.workload.identity/client-id"));
        Assert.Equal("true", Scalar(Assert.IsType<YamlMappingNode>(HelmChart.Effective(values, "podLabels")), "azure.workload.identity/use"));
    }

    [Fact]
    public void TheExtAuthzExample_Binds_ToAGrpcListenerOnItsPort()
    {
        using var chart = new ChartInvocation(HelmChart.CiValues("ext-authz-values.yaml"));

        var options = chart.Bind();

        Assert.Equal(new ListenAddress("0.0.0.0", 9001), options.Server.ExtAuthzGrpc!.Address);
        Assert.Null(options.Server.ExtAuthzGrpc.Tls);
    }

    private static void CompareWithValues(YamlMappingNode overrides, string prefix, List<string> problems)
    {
        foreach (var (key, child) in overrides.Children)
        {
            var path = prefix + ((YamlScalarNode)key).Value;
            switch (HelmChart.Find(HelmChart.Values, path))
            {
                case null:
                    problems.Add(path + " is not in values.yaml");
                    break;
                case YamlMappingNode { Children.Count: 0 }:
                    break; // a map of the user's own keys
                case YamlMappingNode when child is YamlMappingNode nested:
                    CompareWithValues(nested, path + ".", problems);
                    break;
                case var expected when expected.NodeType != child.NodeType:
                    problems.Add($"{path} is a {child.NodeType} but values.yaml has a {expected.NodeType}");
                    break;
            }
        }
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { } text } ? text : "";

    [GeneratedRegex(@"\{\{-?\s*(if|range|with|define|block)\b")]
    private static partial Regex Opening();

    [GeneratedRegex(@"\{\{-?\s*end\b")]
    private static partial Regex Closing();

    [GeneratedRegex(@"- (?<flag>--[a-z0-9-]+)=")]
    private static partial Regex Flag();

    [GeneratedRegex(@"OAUTH2_PROXY_[A-Z0-9_]+")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"httpGet:\s*\n\s*path: (?<path>\S+)")]
    private static partial Regex Probe();
}
