using System.CommandLine;
using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Configuration.Validation;

namespace Lanyard.Cli;

/// <summary>
/// The options <c>serve</c> and <c>dev</c> share: <c>--config FILE</c> and one flag per catalog option. Layers are
/// read in precedence order: defaults, the command's own defaults, the file, <c>OAUTH2_PROXY_*</c>, flags.
/// </summary>
internal sealed class ProxySettings
{
    private readonly Option<string> _config = new("--config") { Description = "TOML config file with oauth2-proxy's option names" };
    private readonly CommandLineFlags _flags = new();

    public void AddTo(Command command)
    {
        command.Add(_config);
        _flags.AddTo(command);
    }

    /// <summary>Binds and validates; throws <see cref="ConfigurationException"/> listing every problem.</summary>
    public LanyardOptions Bind(ParseResult parseResult, IEnumerable<Setting>? commandDefaults = null)
    {
        var errors = new List<ConfigurationError>();
        var layers = new SettingsLayers().Add(SettingsLayers.Defaults());
        if (commandDefaults is not null)
        {
            layers.Add(commandDefaults);
        }

        if (parseResult.GetValue(_config) is { Length: > 0 } file)
        {
            layers.Add(TomlConfigFile.Read(file, errors));
        }

        layers.Add(EnvironmentVariables.ReadProcess());
        layers.Add(_flags.Read(parseResult));
        return LanyardOptionsBinder.Bind(layers, errors);
    }
}
