using System.CommandLine;
using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Configuration.Validation;

namespace Lanyard.Cli;

/// <summary>
/// The options <c>serve</c> and <c>dev</c> share: <c>--config FILE</c> and one flag per catalog option. Layers are
/// read in precedence order: defaults, the command's own defaults, the file, <c>OAUTH2_PROXY_*</c>, flags.
/// </summary>
/// <param name="environment">Where <c>OAUTH2_PROXY_*</c> variables come from; the process environment unless a test says otherwise.</param>
internal sealed class ProxySettings(Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    private readonly Option<string> _config = new("--config") { Description = "TOML config file with oauth2-proxy's option names" };
    private readonly Option<string> _alphaConfig = new("--alpha-config") { Description = "oauth2-proxy alpha config (YAML): providers, upstreamConfig, injectRequestHeaders, injectResponseHeaders, server, metricsServer" };
    private readonly CommandLineFlags _flags = new();

    public void AddTo(Command command)
    {
        command.Add(_config);
        command.Add(_alphaConfig);
        _flags.AddTo(command);
        command.TreatUnmatchedTokensAsErrors = false; // reported by Bind, with "did you mean" hints
    }

    /// <summary>Binds and validates; throws <see cref="ConfigurationException"/> listing every problem.</summary>
    public LanyardOptions Bind(ParseResult parseResult, IEnumerable<Setting>? commandDefaults = null) =>
        BindWithSources(parseResult, commandDefaults).Options;

    /// <summary>As <see cref="Bind"/>, keeping where each value came from (<c>lanyard config check</c>, <c>convert</c>).</summary>
    public BoundConfiguration BindWithSources(ParseResult parseResult, IEnumerable<Setting>? commandDefaults = null)
    {
        var errors = new List<ConfigurationError>(CommandLineFlags.Unknown(parseResult));
        var layers = new SettingsLayers().Add(SettingsLayers.Defaults());
        if (commandDefaults is not null)
        {
            layers.Add(commandDefaults);
        }

        AlphaConfig? alpha = null;
        if (parseResult.GetValue(_alphaConfig) is { Length: > 0 } alphaFile)
        {
            alpha = AlphaConfigFile.Read(alphaFile, errors, _environment);
            if (alpha is not null)
            {
                layers.Add(alpha.Settings);
            }
        }

        if (parseResult.GetValue(_config) is { Length: > 0 } file)
        {
            var before = errors.Count;
            var fromFile = TomlConfigFile.Read(file, errors);
            if (fromFile.Count == 0 && errors.Count > before)
            {
                // The file could not be read or parsed: say that alone, not also every option it would have set
                // as "required" (the file is the one thing to fix).
                throw new ConfigurationException(errors);
            }

            layers.Add(OutsideAlpha(fromFile, alpha, errors));
        }

        layers.Add(OutsideAlpha(EnvironmentVariables.Read(_environment), alpha, errors));
        layers.Add(OutsideAlpha(_flags.Read(parseResult), alpha, errors));
        return new BoundConfiguration(LanyardOptionsBinder.Bind(layers, errors, _environment, alpha), [.. layers.Effective], alpha);
    }

    /// <summary>
    /// In alpha mode the provider, upstream and server options live in the YAML only (oauth2-proxy does not even
    /// define their flags then); one set beside it is refused, naming both places, rather than one silently winning.
    /// </summary>
    private static IEnumerable<Setting> OutsideAlpha(IEnumerable<Setting> layer, AlphaConfig? alpha, List<ConfigurationError> errors)
    {
        foreach (var setting in layer)
        {
            if (alpha is null || OptionCatalog.FindByTomlKey(setting.Key) is not { } option || !AlphaConfig.Replaces(option))
            {
                yield return setting;
                continue;
            }

            var there = alpha.Settings.FirstOrDefault(s => s.Key == setting.Key) is { } fromYaml
                ? $"{fromYaml.Origin} sets it too"
                : $"alpha config ({alpha.SourceName}) replaces it";
            errors.Add(new ConfigurationError(setting.Key, setting.Origin,
                $"{there}; with --alpha-config, provider, upstream and server options belong in the YAML only (as in oauth2-proxy), so set it there"));
        }
    }
}
