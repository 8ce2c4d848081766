namespace Lanyard.Configuration.Sources;

/// <summary>
/// Alpha config's <c>authorization</c> (Lanyard's own; oauth2-proxy has none): <c>rules</c>, the default rule set, and
/// <c>ruleSets</c>, named sets of the same rules. Kept as written; the rules binder judges them with TOML's.
/// </summary>
internal static class AlphaAuthorization
{
    public static Setting? Read(AlphaNode authorization)
    {
        if (authorization.IsNull || authorization.Fields("rules", "ruleSets") is not { } fields)
        {
            return null;
        }

        var rules = new List<(ConfigTable, string?)>();
        if (fields.TryGetValue("rules", out var defaults))
        {
            AddRules(defaults, null, rules);
        }

        if (fields.TryGetValue("ruleSets", out var sets) && !sets.IsNull && sets.Entries() is { } named)
        {
            foreach (var (name, set) in named)
            {
                var before = rules.Count;
                AddRules(set, name, rules);
                if (rules.Count == before && !set.Errors.Exists(e => e.Option.StartsWith(set.Path, StringComparison.Ordinal)))
                {
                    set.Fail("has no rules; a rule set needs at least one (leave it out instead)");
                }
            }
        }

        return new Setting(AuthorizationRuleSource.SettingKey, new AuthorizationRuleSource(SnakeCase: false, rules), authorization.SettingOrigin);
    }

    private static void AddRules(AlphaNode list, string? ruleSet, List<(ConfigTable, string?)> rules)
    {
        foreach (var item in list.Items())
        {
            if (item.Table() is { } table)
            {
                rules.Add((table, ruleSet));
            }
        }
    }
}
