namespace Lanyard.Configuration;

/// <summary>
/// One row of the option catalog: the three spellings of an option (TOML key, flag, environment variable),
/// its kind and its default. oauth2-proxy's rule is kept: the environment name is <c>OAUTH2_PROXY_</c> plus the
/// upper-cased TOML key, which is why list options are plural there (<c>OAUTH2_PROXY_UPSTREAMS</c>).
/// </summary>
/// <param name="Group">The section of README's option table the row belongs to.</param>
internal sealed record OptionDefinition(string TomlKey, string Flag, OptionKind Kind, string? DefaultValue, string Help, string Group = "")
{
    public string EnvironmentName { get; } = "OAUTH2_PROXY_" + TomlKey.ToUpperInvariant();

    public string FlagName { get; } = "--" + Flag;

    /// <summary>
    /// Null when Lanyard implements the option. Otherwise why it does not: an oauth2-proxy configuration that sets
    /// the option to anything but its default is refused at startup with this reason, never ignored.
    /// </summary>
    public string? Unsupported { get; init; }

    /// <summary>An option oauth2-proxy does not have (Lanyard's own additions).</summary>
    public bool LanyardOnly { get; init; }

    /// <summary>False for oauth2-proxy's deprecated <c>google_group</c>, whose flag <c>--google-group</c> belongs to <c>google_groups</c>.</summary>
    public bool HasFlag { get; init; } = true;

    public bool IsSupported => Unsupported is null;
}
