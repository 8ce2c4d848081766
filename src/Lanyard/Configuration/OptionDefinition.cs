namespace Lanyard.Configuration;

/// <summary>
/// One row of the option catalog: the three spellings of an option (TOML key, flag, environment variable),
/// its kind and its default. oauth2-proxy's rule is kept: the environment name is <c>OAUTH2_PROXY_</c> plus the
/// upper-cased TOML key, which is why list options are plural there (<c>OAUTH2_PROXY_UPSTREAMS</c>).
/// </summary>
internal sealed record OptionDefinition(string TomlKey, string Flag, OptionKind Kind, string? DefaultValue, string Help)
{
    public string EnvironmentName { get; } = "OAUTH2_PROXY_" + TomlKey.ToUpperInvariant();

    public string FlagName { get; } = "--" + Flag;
}
