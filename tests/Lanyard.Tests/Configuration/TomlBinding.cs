using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Configuration.Validation;

namespace Lanyard.Tests.Configuration;

/// <summary>Binds a TOML file (a base plus the test's lines) with flags on top, as <c>lanyard --config</c> would.</summary>
internal static class TomlBinding
{
    /// <summary>The least a generic-OIDC configuration needs to bind; tests add the lines they are about.</summary>
    public const string MinimalOidc = """
        provider = "oidc"
        oidc_issuer_url = "https://idp.example.com"
        client_id = "c"
        client_secret = "s"
        cookie_secret = "0123456789abcdef0123456789abcdef"
        email_domains = ["*"]
        """;

    public static LanyardOptions Bind(string toml, params Setting[] flags)
    {
        var errors = new List<ConfigurationError>();
        var layers = new SettingsLayers().Add(SettingsLayers.Defaults()).Add(TomlConfigFile.Parse(toml, "lanyard.toml", errors)).Add(flags);
        return LanyardOptionsBinder.Bind(layers, errors, _ => null);
    }

    public static ConfigurationError SingleError(Func<LanyardOptions> bind) => Assert.Single(Assert.Throws<ConfigurationException>(() => bind()).Errors);
}
