namespace Lanyard.Configuration;

/// <summary>
/// A table as a config file wrote it (a TOML <c>[[authorization_rules]]</c> table, an alpha config mapping), with the
/// path and line of each field, so one binder reads rules from either source and its errors point at the line.
/// </summary>
/// <param name="path">The table's name as the user would find it: <c>authorization_rules[2]</c>, <c>authorization.rules[0]</c>.</param>
internal sealed class ConfigTable(string path, string origin)
{
    public string Path { get; } = path;

    public string Origin { get; } = origin;

    public List<ConfigField> Fields { get; } = [];
}

/// <summary>One field: <see cref="Value"/> is a string, a list of strings, a <see cref="ConfigTable"/>, or null when the source's value is none of those.</summary>
internal sealed record ConfigField(string Key, string Path, string Origin, object? Value);

/// <summary>
/// The per-route rules of one source, as written: each rule's table and the named set it belongs to (alpha config
/// says so by where the rule stands; TOML by the rule's own <c>rule_set</c> key, so the rule set is null there).
/// </summary>
/// <param name="SnakeCase">TOML spells keys <c>any_groups</c> and matches them exactly; alpha config spells them
/// <c>anyGroups</c> and matches them without case, as its other fields.</param>
internal sealed record AuthorizationRuleSource(bool SnakeCase, IReadOnlyList<(ConfigTable Rule, string? RuleSet)> Rules)
{
    /// <summary>The key of the one setting that carries the rules through the layers (no catalog row: a table has no flag).</summary>
    public const string SettingKey = "authorization_rules";
}
