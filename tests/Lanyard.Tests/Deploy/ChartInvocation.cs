using System.CommandLine;
using System.Security.Cryptography;
using Lanyard.Cli;
using Lanyard.Configuration;
using Lanyard.Testing;
using YamlDotNet.RepresentationModel;

namespace Lanyard.Tests.Deploy;

/// <summary>
/// What the chart's Deployment hands <c>lanyard serve</c> for a set of values: the files from the ConfigMap, the flags
/// in <c>args</c>, the variables in <c>env</c> (the Secret's keys as OAUTH2_PROXY_*), bound the way serve binds them.
/// Without Helm the templates cannot be rendered, so this mirrors them; <see cref="TemplateLines"/> are the template
/// text it mirrors, and a test checks each is still in the templates.
/// </summary>
internal sealed class ChartInvocation : IDisposable
{
    public const string ConfigFlag = "- --config=/etc/lanyard/lanyard.toml";
    public const string AlphaFlag = "- --alpha-config=/etc/lanyard/alpha.yaml";
    public const string HttpFlag = "- --http-address=0.0.0.0:4180";
    public const string MetricsFlag = "- --metrics-address=0.0.0.0:{{ .Values.metrics.port }}";
    public const string ExtAuthzFlag = "- --ext-authz-grpc-address=0.0.0.0:{{ .Values.extAuthz.grpc.port }}";
    public const string AlphaServer = "(dict \"bindAddress\" \"0.0.0.0:4180\")";
    public const string AlphaMetrics = "(dict \"bindAddress\" (printf \"0.0.0.0:%v\" .Values.metrics.port))";
    public const string AlphaClientId = "ternary \"LANYARD_CLIENT_ID\" \"OAUTH2_PROXY_CLIENT_ID\" .Values.alphaConfig.enabled";
    public const string AlphaClientSecret = "ternary \"LANYARD_CLIENT_SECRET\" \"OAUTH2_PROXY_CLIENT_SECRET\" .Values.alphaConfig.enabled";

    /// <summary>Stands for whatever a user's existing Secret holds under a key.</summary>
    public const string FromExistingSecret = "value-from-existing-secret";

    private readonly TemporaryDirectory _files = new("lanyard-helm-");

    public static IReadOnlyList<(string File, string Line)> TemplateLines { get; } =
    [
        ("deployment.yaml", ConfigFlag), ("deployment.yaml", AlphaFlag), ("deployment.yaml", HttpFlag),
        ("deployment.yaml", MetricsFlag), ("deployment.yaml", ExtAuthzFlag), ("deployment.yaml", AlphaClientId),
        ("deployment.yaml", AlphaClientSecret), ("_helpers.tpl", AlphaServer), ("_helpers.tpl", AlphaMetrics),
        ("configmap.yaml", "lanyard.toml: |"), ("configmap.yaml", "alpha.yaml: |"),
    ];

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>serve's flags (the image's entrypoint is <c>lanyard serve</c>).</summary>
    public List<string> Args { get; } = [];

    /// <param name="overrides">A ci/ values file merged over values.yaml, or null for the defaults.</param>
    /// <param name="secretOverrides">Values a user passes with --set (e.g. secret.clientID), over both.</param>
    public ChartInvocation(YamlMappingNode? overrides, IReadOnlyDictionary<string, string>? secretOverrides = null)
    {
        string Value(string path) => secretOverrides?.GetValueOrDefault(path) ?? HelmChart.Scalar(overrides, path);

        Args.Add("--config=" + _files.Write("lanyard.toml", Value("config")));
        var alpha = HelmChart.IsTrue(overrides, "alphaConfig.enabled");
        if (alpha)
        {
            Args.Add("--alpha-config=" + _files.Write("alpha.yaml", AlphaYaml(overrides)));
        }
        else
        {
            Args.Add("--http-address=0.0.0.0:4180");
            if (HelmChart.IsTrue(overrides, "metrics.enabled"))
            {
                Args.Add("--metrics-address=0.0.0.0:" + Value("metrics.port"));
            }
        }

        if (HelmChart.IsTrue(overrides, "extAuthz.grpc.enabled"))
        {
            Args.Add("--ext-authz-grpc-address=0.0.0.0:" + Value("extAuthz.grpc.port"));
        }

        Args.AddRange(HelmChart.List(overrides, "extraArgs"));

        // secretKeyRef is optional: a key the Secret lacks sets no variable. The chart's own Secret has client-id and
        // client-secret only when given, and a cookie-secret always (randAlphaNum 32 when none is given).
        var existing = Value("secret.existingSecret").Length > 0;
        SetFromSecret(alpha ? "LANYARD_CLIENT_ID" : "OAUTH2_PROXY_CLIENT_ID", existing ? FromExistingSecret : Value("secret.clientID"));
        SetFromSecret(alpha ? "LANYARD_CLIENT_SECRET" : "OAUTH2_PROXY_CLIENT_SECRET", existing ? FromExistingSecret : Value("secret.clientSecret"));
        var cookieSecret = Value("secret.cookieSecret");
        SetFromSecret("OAUTH2_PROXY_COOKIE_SECRET", !existing && cookieSecret.Length > 0 ? cookieSecret : RandAlphaNum(32));

        if (Value("sessionStorage.type") == "redis")
        {
            AddRedis(overrides, Value);
        }
    }

    public string WriteFile(string name, string text) => _files.Write(name, text);

    public LanyardOptions Bind()
    {
        var command = new RootCommand();
        var settings = new ProxySettings(name => Environment.GetValueOrDefault(name));
        settings.AddTo(command);
        return settings.Bind(command.Parse(Args));
    }

    public void Dispose() => _files.Dispose();

    private void AddRedis(YamlMappingNode? overrides, Func<string, string> value)
    {
        Environment["OAUTH2_PROXY_SESSION_STORE_TYPE"] = "redis";
        switch (value("sessionStorage.redis.clientType"))
        {
            case "standalone":
                Environment["OAUTH2_PROXY_REDIS_CONNECTION_URL"] = value("sessionStorage.redis.standalone.connectionUrl");
                break;
            case "sentinel":
                Environment["OAUTH2_PROXY_REDIS_USE_SENTINEL"] = "true";
                Environment["OAUTH2_PROXY_REDIS_SENTINEL_MASTER_NAME"] = value("sessionStorage.redis.sentinel.masterName");
                Environment["OAUTH2_PROXY_REDIS_SENTINEL_CONNECTION_URLS"] = string.Join(',', HelmChart.List(overrides, "sessionStorage.redis.sentinel.connectionUrls"));
                if (value("sessionStorage.redis.sentinel.existingSecret").Length > 0 || value("sessionStorage.redis.sentinel.password").Length > 0)
                {
                    Environment["OAUTH2_PROXY_REDIS_SENTINEL_PASSWORD"] = value("sessionStorage.redis.sentinel.existingSecret").Length > 0
                        ? FromExistingSecret + "-sentinel" : value("sessionStorage.redis.sentinel.password");
                }

                break;
            case "cluster":
                Environment["OAUTH2_PROXY_REDIS_USE_CLUSTER"] = "true";
                Environment["OAUTH2_PROXY_REDIS_CLUSTER_CONNECTION_URLS"] = string.Join(',', HelmChart.List(overrides, "sessionStorage.redis.cluster.connectionUrls"));
                break;
            default:
                throw new InvalidOperationException("the chart fails on any other sessionStorage.redis.clientType");
        }

        if (value("sessionStorage.redis.username") is { Length: > 0 } user)
        {
            Environment["OAUTH2_PROXY_REDIS_USERNAME"] = user;
        }

        if (value("sessionStorage.redis.existingSecret").Length > 0 || value("sessionStorage.redis.password").Length > 0)
        {
            Environment["OAUTH2_PROXY_REDIS_PASSWORD"] = value("sessionStorage.redis.existingSecret").Length > 0
                ? FromExistingSecret : value("sessionStorage.redis.password");
        }
    }

    private void SetFromSecret(string name, string value)
    {
        if (value.Length > 0)
        {
            Environment[name] = value;
        }
    }

    /// <summary>lanyard.alphaConfig in _helpers.tpl: configData, with server (and metricsServer) over the user's maps.</summary>
    private static string AlphaYaml(YamlMappingNode? overrides)
    {
        var config = HelmChart.Effective(overrides, "alphaConfig.configData") is YamlMappingNode data ? Copy(data) : [];
        var server = HelmChart.Effective(overrides, "alphaConfig.serverConfigData") is YamlMappingNode s ? Copy(s) : [];
        if (!server.Children.ContainsKey(new YamlScalarNode("bindAddress")))
        {
            server.Add("bindAddress", "0.0.0.0:4180");
        }

        config.Children[new YamlScalarNode("server")] = server;
        if (HelmChart.IsTrue(overrides, "metrics.enabled"))
        {
            var metrics = HelmChart.Effective(overrides, "alphaConfig.metricsConfigData") is YamlMappingNode m ? Copy(m) : [];
            if (!metrics.Children.ContainsKey(new YamlScalarNode("bindAddress")))
            {
                metrics.Add("bindAddress", "0.0.0.0:" + HelmChart.Scalar(overrides, "metrics.port"));
            }

            config.Children[new YamlScalarNode("metricsServer")] = metrics;
        }

        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(config)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlMappingNode Copy(YamlMappingNode node)
    {
        var stream = new YamlStream(new YamlDocument(node));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var copy = new YamlStream();
        using var reader = new StringReader(writer.ToString());
        copy.Load(reader);
        return (YamlMappingNode)copy.Documents[0].RootNode;
    }

    /// <summary>Sprig's randAlphaNum, which the chart's Secret uses for a cookie secret nobody gave.</summary>
    private static string RandAlphaNum(int length) =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);
}
