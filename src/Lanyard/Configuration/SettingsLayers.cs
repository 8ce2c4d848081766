namespace Lanyard.Configuration;

/// <summary>
/// Settings from several sources, later layers winning: built-in defaults, then <c>dev</c>'s defaults, then the
/// config file, then <c>OAUTH2_PROXY_*</c> variables, then flags (oauth2-proxy's order: flag &gt; env &gt; file).
/// </summary>
internal sealed class SettingsLayers
{
    private readonly Dictionary<string, Setting> _effective = new(StringComparer.Ordinal);

    /// <summary>
    /// Options that give one thing two ways. A layer that sets one of them replaces a lower layer's other, so
    /// <c>--cookie-secret-file</c> on the command line overrides <c>lanyard dev</c>'s own cookie secret. Both in
    /// one layer stay both, for the binder to refuse.
    /// </summary>
    private static readonly string[][] Alternatives = [["cookie_secret", "cookie_secret_file"], ["client_secret", "client_secret_file"]];

    public SettingsLayers Add(IEnumerable<Setting> layer)
    {
        var settings = layer.ToList();
        foreach (var setting in settings)
        {
            foreach (var other in Alternatives.Where(group => group.Contains(setting.Key)).SelectMany(group => group))
            {
                if (other != setting.Key && !settings.Exists(s => s.Key == other))
                {
                    _effective.Remove(other);
                }
            }

            _effective[setting.Key] = setting;
        }

        return this;
    }

    public Setting? Get(string key) => _effective.GetValueOrDefault(key);

    /// <summary>Every effective setting, in the catalog's order (for <c>lanyard config check</c>).</summary>
    /// <summary>Every option's effective setting, in catalog order, then the per-route rules (a table has no catalog row).</summary>
    public IEnumerable<Setting> Effective =>
        OptionCatalog.All.Select(o => _effective.GetValueOrDefault(o.TomlKey))
            .Append(_effective.GetValueOrDefault(AuthorizationRuleSource.SettingKey))
            .OfType<Setting>();

    /// <summary>Built-in defaults from the catalog, the bottom layer.</summary>
    public static IEnumerable<Setting> Defaults() =>
        OptionCatalog.All
            .Where(o => o.DefaultValue is not null)
            .Select(o => new Setting(o.TomlKey, o.DefaultValue!, "default"));
}
