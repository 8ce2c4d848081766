using Lanyard.Security;

namespace Lanyard.Configuration.Validation;

/// <summary>
/// Reads typed values out of the effective settings, recording a <see cref="ConfigurationError"/> (instead of
/// throwing) for each one that does not parse, so the user sees every problem at once.
/// </summary>
internal sealed class SettingReader(SettingsLayers layers, List<ConfigurationError> errors)
{
    /// <summary>Longer than any session should live, short enough that adding it to a date cannot overflow.</summary>
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);

    public Setting? Find(string key) => layers.Get(key);

    public void Fail(string key, string message) =>
        errors.Add(new ConfigurationError(key, layers.Get(key)?.Origin, message));

    /// <summary>An error about part of a setting (a field of a rule table) at its own origin.</summary>
    public void FailAt(string field, string origin, string message) =>
        errors.Add(new ConfigurationError(field, origin, message));

    /// <summary>
    /// The bytes of the file that <paramref name="key"/> names (a secret mounted as a file, say), or null after an
    /// error naming the option and the path, never the content.
    /// </summary>
    public byte[]? ReadFile(string key, string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The reason in words: a type name is noise to the user, and the exception's message may quote the path twice.
            Fail(key, e switch
            {
                FileNotFoundException or DirectoryNotFoundException => $"'{path}' does not exist",
                UnauthorizedAccessException => $"'{path}' cannot be read: permission denied",
                _ => $"'{path}' cannot be read",
            });
            return null;
        }
    }

    public string? String(string key) => layers.Get(key)?.Value switch
    {
        null => null,
        string s => s,
        long n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IReadOnlyList<string> list when list.Count == 1 => list[0],
        _ => FailAndReturnNull(key, "must be a single string"),
    };

    public string? RequiredString(string key, string hint)
    {
        var value = String(key);
        if (string.IsNullOrWhiteSpace(value))
        {
            if (layers.Get(key) is null || value is not null)
            {
                errors.Add(new ConfigurationError(key, layers.Get(key)?.Origin, "is required; " + hint));
            }

            return null;
        }

        return value.Trim();
    }

    public Secret? Secret(string key) => String(key) is { Length: > 0 } value ? new Secret(value) : null;

    public bool Bool(string key, bool fallback)
    {
        switch (layers.Get(key)?.Value)
        {
            case null:
                return fallback;
            case bool b:
                return b;
            case string s when bool.TryParse(s.Trim(), out var parsed):
                return parsed;
            case string s when s.Trim() is "1" or "0":
                return s.Trim() == "1";
            default:
                Fail(key, "must be true or false");
                return fallback;
        }
    }

    /// <summary>A whole number from 0 up, as Go's int options take one (<c>300</c>, never <c>5m</c>); <paramref name="unit"/> names what it counts.</summary>
    public int Count(string key, int fallback, string unit)
    {
        if (String(key) is not { Length: > 0 } text)
        {
            return fallback;
        }

        if (!int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count))
        {
            Fail(key, $"'{text}' is not a whole number of {unit}");
            return fallback;
        }

        return count;
    }

    public TimeSpan Duration(string key, TimeSpan fallback)
    {
        var text = String(key);
        if (text is null)
        {
            return fallback;
        }

        if (GoDuration.TryParse(text, out var duration) && duration >= TimeSpan.Zero)
        {
            if (duration > MaxDuration)
            {
                Fail(key, $"'{text}' is longer than {MaxDuration.TotalHours:0}h (ten years)");
                return fallback;
            }

            return duration;
        }

        Fail(key, $"'{text}' is not a duration; write it as Go does, e.g. 168h, 15m, 1h30m");
        return fallback;
    }

    /// <summary>A list from a TOML array, repeated flags, or comma-separated text (oauth2-proxy accepts all three).</summary>
    public IReadOnlyList<string> List(string key)
    {
        IEnumerable<string> raw = layers.Get(key)?.Value switch
        {
            null => [],
            IReadOnlyList<string> list => list.SelectMany(SplitCommas),
            string s => SplitCommas(s),
            _ => FailAndReturnEmpty(key),
        };
        return [.. raw.Select(v => v.Trim()).Where(v => v.Length > 0)];
    }

    /// <summary>
    /// A list of regexes (<c>skip_auth_routes</c>, <c>api_routes</c>): as <see cref="List"/>, except that the items of a
    /// TOML array stay whole, as oauth2-proxy's viper keeps them, so <c>["^/v[0-9]{1,2}/"]</c> is one regex. Flags and
    /// environment variables are still split at commas, as pflag and viper split them.
    /// </summary>
    public IReadOnlyList<string> Patterns(string key)
    {
        var setting = layers.Get(key);
        if (setting is { Value: IReadOnlyList<string> items } && !setting.Origin.StartsWith('-'))
        {
            return [.. items.Select(v => v.Trim()).Where(v => v.Length > 0)];
        }

        return List(key);
    }

    private static IEnumerable<string> SplitCommas(string value) => value.Split(',');

    private string? FailAndReturnNull(string key, string message)
    {
        Fail(key, message);
        return null;
    }

    private IEnumerable<string> FailAndReturnEmpty(string key)
    {
        Fail(key, "must be a list of strings");
        return [];
    }
}
