namespace Lanyard.Configuration;

/// <summary>How a setting's text is read. Kept to oauth2-proxy's own kinds so its configs mean the same here.</summary>
internal enum OptionKind
{
    String,
    /// <summary>A string that is never printed (client secret, cookie secret).</summary>
    Secret,
    Bool,
    /// <summary>A Go duration string: <c>168h0m0s</c>, <c>15m</c>, <c>1h30m</c>, <c>0</c>.</summary>
    Duration,
    /// <summary>A TOML array, a comma-separated string, or a repeated flag.</summary>
    StringList,
}
