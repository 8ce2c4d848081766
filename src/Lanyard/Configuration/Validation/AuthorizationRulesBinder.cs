using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Lanyard.Authorization.Routes;

namespace Lanyard.Configuration.Validation;

/// <summary>
/// Per-route rules (issue 11), from TOML's <c>[[authorization_rules]]</c> or alpha config's <c>authorization</c>, into
/// <see cref="RouteRuleSets"/>: compiled once (regexes non-backtracking with a match timeout, as oauth2-proxy's), every
/// mistake an error naming the rule, the key as the user spelled it and its line. A rule needs a name (unique, also
/// across sets), an action (allow, deny, skip_auth) and at least one match part (hosts, paths, path regex, methods):
/// a rule for every request is written <c>paths = ["/"]</c>, so none matches everything by omission.
/// </summary>
internal static partial class AuthorizationRulesBinder
{
    private static readonly string[] RuleKeys = ["name", "hosts", "paths", "pathRegex", "methods", "action", "require"];
    private static readonly string[] RequireKeys = ["anyGroups", "allGroups", "anyRoles", "allRoles", "scopes", "tenants", "clientApps", "claims"];

    public static RouteRuleSets Bind(SettingReader read, Sources.AlphaConfig? alpha)
    {
        var setting = read.Find(AuthorizationRuleSource.SettingKey);
        if (setting?.Value is not AuthorizationRuleSource source)
        {
            return RouteRuleSets.None;
        }

        if (alpha?.Settings.FirstOrDefault(s => s.Key == AuthorizationRuleSource.SettingKey) is { } fromAlpha && !ReferenceEquals(fromAlpha, setting))
        {
            read.FailAt(AuthorizationRuleSource.SettingKey, setting.Origin, $"{fromAlpha.Origin} sets per-route rules too; write them in one place, the TOML file or the alpha config");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var defaults = new List<RouteRule>();
        var named = new Dictionary<string, List<RouteRule>>(StringComparer.Ordinal);
        foreach (var (table, alphaSet) in source.Rules)
        {
            if (new RuleReader(read, table, source.SnakeCase).Read(names) is not ({ } rule, var set))
            {
                continue;
            }

            set ??= alphaSet;
            if (set is null)
            {
                defaults.Add(rule);
            }
            else if (!ValidName().IsMatch(set))
            {
                read.FailAt(table.Path, table.Origin, $"rule set name '{set}' must be 1-64 letters, digits and . _ -");
            }
            else
            {
                (named.TryGetValue(set, out var list) ? list : named[set] = []).Add(rule);
            }
        }

        return new RouteRuleSets(defaults, named.ToDictionary(p => p.Key, p => (IReadOnlyList<RouteRule>)p.Value, StringComparer.Ordinal));
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    internal static partial Regex ValidName();

    /// <summary>One rule's table: each key read once, in the source's spelling, and every key left over refused.</summary>
    private sealed class RuleReader(SettingReader read, ConfigTable table, bool snakeCase)
    {
        /// <summary>"rule 'admin-api'", once the name is known, added to the rule's other errors.</summary>
        private string? _label;

        /// <summary>A misspelled key is the likelier mistake than a rule that matches nothing, so it is the one reported.</summary>
        private bool _unknownKeys;

        public (RouteRule?, string?) Read(HashSet<string> names)
        {
            // The name first, so errors about the rule's other keys say which rule they are about.
            if (table.Fields.Find(f => string.Equals(f.Key, "name", StringComparison.OrdinalIgnoreCase))?.Value is string written && ValidName().IsMatch(written.Trim()))
            {
                _label = $"rule '{written.Trim()}'";
            }

            var fields = Fields(table, snakeCase ? [.. RuleKeys, "ruleSet"] : RuleKeys);
            var name = Text(fields, "name");
            if (name is null)
            {
                read.FailAt(table.Path, table.Origin, $"a rule needs a name ({Spell("name")} = \"...\"), which denials and the audit log carry");
            }
            else if (!ValidName().IsMatch(name) || name == RouteRules.DefaultDeny)
            {
                read.FailAt(PathOf(fields, "name"), OriginOf(fields, "name"), $"'{name}' must be 1-64 letters, digits and . _ - (and not '{RouteRules.DefaultDeny}')");
            }
            else if (!names.Add(name))
            {
                read.FailAt(PathOf(fields, "name"), OriginOf(fields, "name"), $"rule '{name}' is defined twice; rule names are unique, across rule sets too");
            }

            var ruleSet = snakeCase ? Text(fields, "ruleSet") : null;
            var action = Text(fields, "action") switch
            {
                "allow" => RouteAction.Allow,
                "deny" => RouteAction.Deny,
                "skip_auth" => RouteAction.SkipAuth,
                null => Fail<RouteAction?>(table.Path, table.Origin, $"needs {Spell("action")}: allow, deny or skip_auth"),
                var other => Fail<RouteAction?>(PathOf(fields, "action"), OriginOf(fields, "action"), $"'{other}' is not an action; write allow, deny or skip_auth"),
            };
            var match = Match(fields);
            var require = fields.TryGetValue("require", out var requireField) ? Requirements(requireField) : null;
            if (action == RouteAction.SkipAuth && requireField is not null)
            {
                Fail<object>(requireField.Path, requireField.Origin, "a skip_auth rule lets requests pass before anyone signs in, so there is no identity to require anything of; use allow");
            }

            return name is null || action is null || match is null ? (null, ruleSet) : (new RouteRule(name, action.Value, match, require, table.Origin), ruleSet);
        }

        private RouteMatch.Operation? Match(Dictionary<string, ConfigField> fields)
        {
            var ok = true;
            var hosts = new List<HostPattern>();
            foreach (var host in List(fields, "hosts") ?? [])
            {
                var lower = host.ToLowerInvariant();
                var bare = lower.StartsWith("*.", StringComparison.Ordinal) ? lower[2..] : lower;
                if (bare.Length == 0 || !bare.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
                {
                    ok = Fail<bool>(PathOf(fields, "hosts"), OriginOf(fields, "hosts"), $"'{host}' is not a host name or *.suffix (no port, no scheme; leave hosts out for any host)");
                }

                hosts.Add(new HostPattern(lower));
            }

            var prefixes = List(fields, "paths") ?? [];
            foreach (var prefix in prefixes)
            {
                if (!prefix.StartsWith('/') || prefix.Contains('?') || prefix.Contains('#') || prefix.Split('/').Any(s => s is "." or ".."))
                {
                    ok = Fail<bool>(PathOf(fields, "paths"), OriginOf(fields, "paths"), $"'{prefix}' is not a path prefix: it starts with /, has no query, fragment or . and .. segments");
                }
            }

            Regex? regex = null;
            if (Text(fields, "pathRegex") is { } pattern)
            {
                try
                {
                    regex = pattern.Length == 0
                        ? throw new ArgumentException("it is empty, which matches every path; write ^/ if every path is really meant")
                        : RulePattern.Compile(pattern);
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException)
                {
                    ok = Fail<bool>(PathOf(fields, "pathRegex"), OriginOf(fields, "pathRegex"), $"'{pattern}' is not a valid regular expression: {e.Message}");
                }
            }

            var methods = new List<string>();
            foreach (var method in List(fields, "methods") ?? [])
            {
                if (method.Length == 0 || !method.All(char.IsAsciiLetter))
                {
                    ok = Fail<bool>(PathOf(fields, "methods"), OriginOf(fields, "methods"), $"'{method}' is not an HTTP method");
                }

                methods.Add(method.ToUpperInvariant());
            }

            if (hosts.Count == 0 && prefixes.Count == 0 && regex is null && methods.Count == 0 && ok && !_unknownKeys)
            {
                ok = Fail<bool>(table.Path, table.Origin, $"matches nothing in particular: give {Spell("hosts")}, {Spell("paths")}, {Spell("pathRegex")} or {Spell("methods")} ({Spell("paths")} = [\"/\"] for every request)");
            }

            return ok ? new RouteMatch.Operation(hosts, prefixes, regex, methods.ToFrozenSet(StringComparer.Ordinal)) : null;
        }

        private RouteRequirements? Requirements(ConfigField field)
        {
            if (field.Value is not ConfigTable require)
            {
                return Fail<RouteRequirements>(field.Path, field.Origin, "must be a table of requirements");
            }

            var fields = Fields(require, RequireKeys);
            var claims = new List<KeyValuePair<string, IReadOnlyList<string>>>();
            if (fields.TryGetValue("claims", out var claimsField))
            {
                if (claimsField.Value is not ConfigTable claimTable)
                {
                    Fail<object>(claimsField.Path, claimsField.Origin, "must be a table of claim names, each with its allowed value or values");
                }
                else
                {
                    foreach (var claim in claimTable.Fields)
                    {
                        if (Values(claim) is { } values)
                        {
                            claims.Add(new(claim.Key, values));
                        }
                    }
                }
            }

            var requirements = new RouteRequirements(
                List(fields, "anyGroups") ?? [], List(fields, "allGroups") ?? [], List(fields, "anyRoles") ?? [], List(fields, "allRoles") ?? [],
                List(fields, "scopes") ?? [], List(fields, "tenants") ?? [], List(fields, "clientApps") ?? [], claims);
            if (fields.Count == 0)
            {
                Fail<object>(field.Path, field.Origin, "requires nothing; leave it out, or name what the identity must hold");
            }

            return requirements;
        }

        /// <summary>The table's known fields by canonical name; an unknown or repeated one is an error, with a hint.</summary>
        private Dictionary<string, ConfigField> Fields(ConfigTable of, string[] known)
        {
            var fields = new Dictionary<string, ConfigField>(StringComparer.Ordinal);
            var comparison = snakeCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            foreach (var field in of.Fields)
            {
                var canonical = Array.Find(known, k => string.Equals(Spell(k), field.Key, comparison));
                if (canonical is null)
                {
                    _unknownKeys = true;
                    var hint = DidYouMean.Closest(field.Key, known.Select(Spell), comparison) is { } suggestion ? $" (did you mean '{suggestion}'?)" : "";
                    Fail<object>(field.Path, field.Origin, $"unknown key{hint}");
                }
                else if (!fields.TryAdd(canonical, field))
                {
                    Fail<object>(field.Path, field.Origin, "is set twice");
                }
            }

            return fields;
        }

        private string? Text(Dictionary<string, ConfigField> fields, string key)
        {
            if (!fields.TryGetValue(key, out var field))
            {
                return null;
            }

            return field.Value switch
            {
                string s => s.Trim(),
                IReadOnlyList<string> { Count: 1 } one => one[0].Trim(),
                _ => Fail<string>(field.Path, field.Origin, "must be a single string"),
            };
        }

        private IReadOnlyList<string>? List(Dictionary<string, ConfigField> fields, string key) =>
            fields.TryGetValue(key, out var field) ? Values(field) : null;

        /// <summary>A string or a list of strings, none blank; an empty list is refused (it would require, or match, nothing).</summary>
        private IReadOnlyList<string>? Values(ConfigField field)
        {
            IReadOnlyList<string>? values = field.Value switch
            {
                string s => [s.Trim()],
                IReadOnlyList<string> list => [.. list.Select(v => v.Trim())],
                _ => null,
            };
            if (values is null)
            {
                return Fail<IReadOnlyList<string>>(field.Path, field.Origin, "must be a string or a list of strings");
            }

            if (values.Count == 0 || values.Any(v => v.Length == 0))
            {
                return Fail<IReadOnlyList<string>>(field.Path, field.Origin, "is empty or has a blank entry; leave it out if it is not meant");
            }

            return values;
        }

        private string Spell(string canonical) => snakeCase ? Snake().Replace(canonical, m => "_" + m.Value.ToLowerInvariant()) : canonical;

        private string PathOf(Dictionary<string, ConfigField> fields, string key) => fields.TryGetValue(key, out var f) ? f.Path : table.Path;

        private string OriginOf(Dictionary<string, ConfigField> fields, string key) => fields.TryGetValue(key, out var f) ? f.Origin : table.Origin;

        private T? Fail<T>(string path, string origin, string message)
        {
            read.FailAt(path, origin, _label is null ? message : $"{_label}: {message}");
            return default;
        }
    }

    [GeneratedRegex("[A-Z]")]
    private static partial Regex Snake();
}
