namespace Lanyard.Configuration.Sources;

/// <summary>
/// Reads <c>OAUTH2_PROXY_*</c> variables, one per catalog row, so existing deployments keep their environment.
/// </summary>
internal static class EnvironmentVariables
{
    public static IReadOnlyList<Setting> Read(Func<string, string?> lookup)
    {
        var settings = new List<Setting>();
        foreach (var option in OptionCatalog.All)
        {
            if (lookup(option.EnvironmentName) is { Length: > 0 } value)
            {
                settings.Add(new Setting(option.TomlKey, value, option.EnvironmentName));
            }
        }

        return settings;
    }
}
