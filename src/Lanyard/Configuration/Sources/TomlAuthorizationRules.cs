using Tomlyn.Syntax;

namespace Lanyard.Configuration.Sources;

/// <summary>
/// The one kind of TOML table Lanyard reads: <c>[[authorization_rules]]</c>, a per-route rule, with its
/// <c>[authorization_rules.require]</c> (and <c>.require.claims</c>) sub-tables, inline tables and dotted keys, as
/// TOML lets anyone write them. Everything is kept as written (<see cref="ConfigTable"/>); the binder judges it.
/// </summary>
internal static class TomlAuthorizationRules
{
    private const string Name = AuthorizationRuleSource.SettingKey;

    /// <summary>Reads <paramref name="table"/> when it is a rule or part of one; false for any other table.</summary>
    public static bool TryRead(TableSyntaxBase table, string source, List<(ConfigTable, string?)> rules, List<ConfigurationError> errors)
    {
        var name = table.Name?.ToString().Trim() ?? "";
        var origin = $"{source}:{table.Span.Start.Line + 1}";
        ConfigTable target;
        if (table is TableArraySyntax && name == Name)
        {
            target = new ConfigTable($"{Name}[{rules.Count}]", origin);
            rules.Add((target, null));
        }
        else if (table is TableSyntax && name.StartsWith(Name + ".", StringComparison.Ordinal) && rules.Count > 0)
        {
            // [authorization_rules.require] belongs to the rule above it (TOML's rule for sub-tables of an array).
            target = Descend(rules[^1].Item1, name[(Name.Length + 1)..].Split('.'), origin);
        }
        else if (name == Name)
        {
            errors.Add(new ConfigurationError($"[{name}]", origin, "write each rule as [[authorization_rules]] (double brackets: an array of tables)"));
            return true;
        }
        else
        {
            return false;
        }

        foreach (var pair in table.Items)
        {
            Add(target, pair, source);
        }

        return true;
    }

    private static void Add(ConfigTable table, KeyValueSyntax pair, string source)
    {
        var keys = pair.Key?.ToString().Trim().Split('.').Select(k => k.Trim().Trim('"')).ToArray() ?? [""];
        var origin = $"{source}:{pair.Span.Start.Line + 1}";
        var parent = keys.Length > 1 ? Descend(table, keys[..^1], origin) : table;
        parent.Fields.Add(new ConfigField(keys[^1], $"{parent.Path}.{keys[^1]}", origin, ToValue(pair.Value, $"{parent.Path}.{keys[^1]}", origin, source)));
    }

    /// <summary>The sub-table at <paramref name="keys"/> under <paramref name="table"/>, made when it is not there yet.</summary>
    private static ConfigTable Descend(ConfigTable table, IEnumerable<string> keys, string origin)
    {
        foreach (var key in keys)
        {
            if (table.Fields.LastOrDefault(f => f.Key == key)?.Value is not ConfigTable child)
            {
                child = new ConfigTable($"{table.Path}.{key}", origin);
                table.Fields.Add(new ConfigField(key, child.Path, origin, child));
            }

            table = child;
        }

        return table;
    }

    private static object? ToValue(ValueSyntax? syntax, string path, string origin, string source)
    {
        switch (syntax)
        {
            case StringValueSyntax s:
                return s.Value ?? "";
            case ArraySyntax array when array.Items.All(i => i.Value is StringValueSyntax):
                return array.Items.Select(i => ((StringValueSyntax)i.Value!).Value ?? "").ToList();
            case InlineTableSyntax inline:
                var table = new ConfigTable(path, origin);
                foreach (var item in inline.Items)
                {
                    if (item.KeyValue is { } pair)
                    {
                        Add(table, pair, source);
                    }
                }

                return table;
            default:
                return null;
        }
    }
}
