using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lanyard.Configuration.Sources;

/// <summary>What an alpha config file said: settings of the options it replaces, and its injected headers.</summary>
/// <param name="RequestHeaders"><c>injectRequestHeaders</c>, null when the file has none.</param>
/// <param name="ResponseHeaders"><c>injectResponseHeaders</c>, null when the file has none.</param>
internal sealed record AlphaConfig(string SourceName, IReadOnlyList<Setting> Settings, IReadOnlyList<InjectedHeader>? RequestHeaders, IReadOnlyList<InjectedHeader>? ResponseHeaders)
{
    /// <summary>
    /// The option groups alpha config replaces. In alpha mode oauth2-proxy does not define their flags at all, so
    /// setting one beside the YAML is an error there; here the error names both places. Header flags are the
    /// exception: seed 001 (and the Kubernetes Dashboard guide) passes <c>pass-authorization-header</c> and
    /// <c>set-xauthrequest</c> beside <c>injectResponseHeaders</c>, so they are merged, the YAML's names winning.
    /// </summary>
    public static bool Replaces(OptionDefinition option) =>
        !option.LanyardOnly && option.Group is "Provider" or "OpenID Connect" or "Microsoft Entra ID" or "Other providers" or "Upstreams" or "Server"
        && option.TomlKey is not ("allowed_roles" or "prompt");
}

/// <summary>
/// Reads oauth2-proxy's alpha config (<c>--alpha-config FILE</c>, YAML): <c>providers</c>, <c>upstreamConfig</c>,
/// <c>injectRequestHeaders</c>, <c>injectResponseHeaders</c>, <c>server</c>, <c>metricsServer</c>, and Lanyard's own
/// <c>authorization</c> (per-route rules, issue 11). Provider,
/// upstream and server fields become settings of the legacy options they correspond to, so one binder validates
/// both forms with the same rules and the same messages; headers become rows of the one header table.
/// <c>${VAR}</c> (and <c>${VAR:-default}</c>) is replaced from the environment first, as oauth2-proxy does.
/// </summary>
internal static partial class AlphaConfigFile
{
    private static readonly string[] TopLevel = ["upstreamConfig", "injectRequestHeaders", "injectResponseHeaders", "server", "metricsServer", "providers", "authorization"];

    public static AlphaConfig? Read(string path, List<ConfigurationError> errors, Func<string, string?> environment)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigurationError("--alpha-config", null, $"cannot read '{path}': {e.Message}"));
            return null;
        }

        return Parse(text, System.IO.Path.GetFileName(path), errors, environment);
    }

    public static AlphaConfig? Parse(string text, string source, List<ConfigurationError> errors, Func<string, string?> environment)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(Substitute(text, environment)));
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigurationError("--alpha-config", $"{source}:{e.Start.Line}", $"is not valid YAML: {e.Message}"));
            return null;
        }

        var settings = new List<Setting>();
        if (stream.Documents.Count == 0)
        {
            return new AlphaConfig(source, settings, null, null);
        }

        var root = new AlphaNode(stream.Documents[0].RootNode, "", source, errors);
        if (root.IsNull || root.Fields(TopLevel) is not { } fields)
        {
            return new AlphaConfig(source, settings, null, null);
        }

        if (fields.TryGetValue("providers", out var providers))
        {
            AlphaProviders.Read(providers, settings);
        }

        if (fields.TryGetValue("upstreamConfig", out var upstreams))
        {
            AlphaUpstreams.Read(upstreams, settings);
        }

        if (fields.TryGetValue("server", out var server))
        {
            AlphaServers.Read(server, settings, metrics: false);
        }

        if (fields.TryGetValue("metricsServer", out var metricsServer))
        {
            AlphaServers.Read(metricsServer, settings, metrics: true);
        }

        if (fields.TryGetValue("authorization", out var authorization) && AlphaAuthorization.Read(authorization) is { } rules)
        {
            settings.Add(rules);
        }

        var request = fields.TryGetValue("injectRequestHeaders", out var requestNode) ? AlphaHeaders.Read(requestNode, environment) : null;
        var response = fields.TryGetValue("injectResponseHeaders", out var responseNode) ? AlphaHeaders.Read(responseNode, environment) : null;
        return new AlphaConfig(source, settings, request, response);
    }

    /// <summary><c>${NAME}</c> and <c>${NAME:-default}</c> from the environment (unset: empty, as envsubst).</summary>
    private static string Substitute(string text, Func<string, string?> environment) =>
        Variable().Replace(text, match =>
            environment(match.Groups["name"].Value) is { Length: > 0 } value ? value
            : match.Groups["default"].Success ? match.Groups["default"].Value : "");

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<default>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
