namespace Lanyard.Configuration.Validation;

/// <summary>
/// oauth2-proxy options Lanyard knows but does not implement. One set to its default changes nothing and passes (a
/// Helm chart writes many of them out); one set to anything else is refused with the catalog's reason, so a
/// configuration never starts meaning less than its author wrote.
/// </summary>
internal static class UnsupportedOptions
{
    public static void Refuse(SettingReader read)
    {
        foreach (var option in OptionCatalog.All)
        {
            if (option.Unsupported is { } reason && read.Find(option.TomlKey) is { Origin: not "default" } setting && !IsDefault(option, setting.Value))
            {
                read.Fail(option.TomlKey, "is not supported: " + reason);
            }
        }
    }

    /// <summary>Whether <paramref name="value"/> means what leaving the option out means.</summary>
    internal static bool IsDefault(OptionDefinition option, object value)
    {
        var defaultText = option.DefaultValue ?? "";
        return (option.Kind, value) switch
        {
            (_, IReadOnlyList<string> list) => list.All(string.IsNullOrWhiteSpace) ? defaultText.Length == 0 : list.Count == 1 && Same(option, list[0], defaultText),
            (_, bool b) => option.Kind == OptionKind.Bool && bool.TryParse(defaultText, out var d) && b == d,
            (_, long n) => Same(option, n.ToString(System.Globalization.CultureInfo.InvariantCulture), defaultText),
            (_, string s) => Same(option, s, defaultText),
            _ => false,
        };
    }

    private static bool Same(OptionDefinition option, string text, string defaultText)
    {
        text = text.Trim();
        return option.Kind switch
        {
            OptionKind.Bool => bool.TryParse(text, out var a) && bool.TryParse(defaultText, out var b) && a == b,
            OptionKind.Duration => GoDuration.TryParse(text, out var a) && GoDuration.TryParse(defaultText.Length == 0 ? "0" : defaultText, out var b) && a == b,
            _ => string.Equals(text, defaultText, StringComparison.Ordinal),
        };
    }
}
