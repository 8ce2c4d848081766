using System.Text.RegularExpressions;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Lanyard.Configuration.Sources;

/// <summary>
/// Reads an oauth2-proxy style TOML file: flat <c>key = value</c> pairs, keys from the option catalog.
/// Unknown keys are errors, as in oauth2-proxy (viper's UnmarshalExact), with a "did you mean" hint.
/// </summary>
internal static partial class TomlConfigFile
{
    public static IReadOnlyList<Setting> Read(string path, List<ConfigurationError> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigurationError("--config", null, $"cannot read '{path}': {e.Message}"));
            return [];
        }

        return Parse(text, Path.GetFileName(path), errors);
    }

    public static IReadOnlyList<Setting> Parse(string text, string sourceName, List<ConfigurationError> errors)
    {
        var document = SyntaxParser.Parse(text, sourceName, true);
        if (document.HasErrors)
        {
            foreach (var diagnostic in document.Diagnostics)
            {
                // Tomlyn quotes the offending line (a duplicate client_secret with its value, say): quoted text is
                // redacted, so no secret reaches the terminal or a CI log.
                errors.Add(new ConfigurationError(sourceName, null, QuotedText().Replace(diagnostic.ToString(), "\"…\"")));
            }

            return [];
        }

        var rules = new List<(ConfigTable, string?)>();
        foreach (var table in document.Tables)
        {
            if (!TomlAuthorizationRules.TryRead(table, sourceName, rules, errors))
            {
                // The table's name only: its text would carry the values under it, secrets included.
                errors.Add(new ConfigurationError($"[{table.Name?.ToString().Trim()}]", $"{sourceName}:{table.Span.Start.Line + 1}",
                    "tables are not options; Lanyard's TOML is flat key = value pairs, as oauth2-proxy's (the one exception: [[authorization_rules]])"));
            }
        }

        var settings = new List<Setting>();
        foreach (var pair in document.KeyValues)
        {
            var key = pair.Key?.ToString().Trim() ?? "";
            var origin = $"{sourceName}:{pair.Span.Start.Line + 1}";
            if (OptionCatalog.FindByTomlKey(key) is null)
            {
                var hint = key == AuthorizationRuleSource.SettingKey ? " (write each rule as a [[authorization_rules]] table, after the options)"
                    : OptionCatalog.Suggest(key) is { } suggestion ? $" (did you mean '{suggestion}'?)" : "";
                errors.Add(new ConfigurationError(key, origin, "unknown option" + hint));
                continue;
            }

            if (ToValue(pair.Value) is { } value)
            {
                settings.Add(new Setting(key, value, origin));
            }
            else
            {
                errors.Add(new ConfigurationError(key, origin, "must be a string, a boolean, a number or an array of strings"));
            }
        }

        if (rules.Count > 0)
        {
            settings.Add(new Setting(AuthorizationRuleSource.SettingKey, new AuthorizationRuleSource(SnakeCase: true, rules), rules[0].Item1.Origin));
        }

        return settings;
    }

    private static object? ToValue(ValueSyntax? syntax) => syntax switch
    {
        StringValueSyntax s => s.Value,
        BooleanValueSyntax b => b.Value,
        IntegerValueSyntax i => i.Value,
        ArraySyntax array => ToList(array),
        _ => null,
    };

    private static List<string>? ToList(ArraySyntax array)
    {
        var items = new List<string>();
        foreach (var item in array.Items)
        {
            if (item.Value is not StringValueSyntax s)
            {
                return null;
            }

            items.Add(s.Value ?? "");
        }

        return items;
    }

    // "…" and '…' string literals, as Tomlyn quotes them in its diagnostics.
    [GeneratedRegex("\"[^\"\n]*\"|'[^'\n]*'")]
    private static partial Regex QuotedText();
}
