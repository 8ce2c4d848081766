using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Configuration.Validation;

namespace Lanyard.Tests.Configuration;

/// <summary>Binds a TOML file (a base plus the test's lines) with flags on top, as <c>lanyard --config</c> would.</summary>
internal static class TomlBinding
{
    public static LanyardOptions Bind(string toml, params Setting[] flags)
    {
        var errors = new List<ConfigurationError>();
        var layers = new SettingsLayers().Add(SettingsLayers.Defaults()).Add(TomlConfigFile.Parse(toml, "lanyard.toml", errors)).Add(flags);
        return LanyardOptionsBinder.Bind(layers, errors, _ => null);
    }

    public static ConfigurationError SingleError(Func<LanyardOptions> bind) => Assert.Single(Assert.Throws<ConfigurationException>(() => bind()).Errors);
}
