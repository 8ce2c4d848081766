namespace Lanyard.Configuration;

/// <summary>
/// Settings from several sources, later layers winning: built-in defaults, then <c>dev</c>'s defaults, then the
/// config file, then <c>OAUTH2_PROXY_*</c> variables, then flags (oauth2-proxy's order: flag &gt; env &gt; file).
/// </summary>
internal sealed class SettingsLayers
{
    private readonly Dictionary<string, Setting> _effective = new(StringComparer.Ordinal);

    public SettingsLayers Add(IEnumerable<Setting> layer)
    {
        foreach (var setting in layer)
        {
            _effective[setting.Key] = setting;
        }

        return this;
    }

    public Setting? Get(string key) => _effective.GetValueOrDefault(key);

    /// <summary>Built-in defaults from the catalog, the bottom layer.</summary>
    public static IEnumerable<Setting> Defaults() =>
        OptionCatalog.All
            .Where(o => o.DefaultValue is not null)
            .Select(o => new Setting(o.TomlKey, o.DefaultValue!, "default"));
}
