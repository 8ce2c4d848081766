using YamlDotNet.RepresentationModel;

namespace Lanyard.Configuration.Sources;

/// <summary>
/// A node of an alpha config file with its path (<c>providers[0].oidcConfig.issuerURL</c>) and line, so every
/// error names the field as the user wrote it and where. Keys match without case, as oauth2-proxy's decoder
/// (mapstructure) matches them: the seed's <c>BindAddress</c> and the docs' <c>bindAddress</c> are one field.
/// </summary>
internal sealed class AlphaNode(YamlNode node, string path, string source, List<ConfigurationError> errors)
{
    private readonly YamlNode node = node;

    public string Path { get; } = path;

    public string Origin => $"{source}:{node.Start.Line}";

    /// <summary>Where a legacy setting made from this field came from: the file, its line and the field.</summary>
    public string SettingOrigin => $"{source}:{node.Start.Line}, {Path}";

    public List<ConfigurationError> Errors => errors;

    public void Fail(string message) => errors.Add(new ConfigurationError(Path, Origin, message));

    /// <summary>The mapping's fields, known names only; an unknown one is an error with a hint, as oauth2-proxy's <c>ErrorUnused</c>.</summary>
    public Dictionary<string, AlphaNode>? Fields(params string[] known)
    {
        if (node is not YamlMappingNode mapping)
        {
            Fail("must be a mapping of fields");
            return null;
        }

        var fields = new Dictionary<string, AlphaNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var childPath = Path.Length == 0 ? key : $"{Path}.{key}";
            var name = Array.Find(known, k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                var hint = DidYouMean.Closest(key, known, StringComparison.OrdinalIgnoreCase) is { } suggestion ? $" (did you mean '{suggestion}'?)" : "";
                errors.Add(new ConfigurationError(childPath, $"{source}:{keyNode.Start.Line}", $"unknown field{hint}"));
                continue;
            }

            if (!fields.TryAdd(name, new AlphaNode(valueNode, childPath, source, errors)))
            {
                errors.Add(new ConfigurationError(childPath, $"{source}:{keyNode.Start.Line}", "is set twice"));
            }
        }

        return fields;
    }

    /// <summary>A mapping's entries, whatever their names (rule set names, claim names), or null after an error.</summary>
    public IReadOnlyList<(string Key, AlphaNode Value)>? Entries()
    {
        if (node is not YamlMappingNode mapping)
        {
            Fail("must be a mapping");
            return null;
        }

        return [.. mapping.Children.Select(c => ((c.Key as YamlScalarNode)?.Value ?? "", new AlphaNode(c.Value, $"{Path}.{(c.Key as YamlScalarNode)?.Value}", source, errors)))];
    }

    /// <summary>This mapping as written (<see cref="ConfigTable"/>), for a binder that knows its fields; null after an error.</summary>
    public ConfigTable? Table()
    {
        if (Entries() is not { } entries)
        {
            return null;
        }

        var table = new ConfigTable(Path, Origin);
        foreach (var (key, value) in entries)
        {
            object? content = value.node switch
            {
                YamlScalarNode => value.IsNull ? null : ((YamlScalarNode)value.node).Value,
                YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode) => value.ScalarList(),
                YamlMappingNode => value.Table(),
                _ => null,
            };
            table.Fields.Add(new ConfigField(key, value.Path, value.Origin, content));
        }

        return table;
    }

    public IReadOnlyList<AlphaNode> Items()
    {
        if (IsNull)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            Fail("must be a list");
            return [];
        }

        return [.. sequence.Children.Select((child, i) => new AlphaNode(child, $"{Path}[{i}]", source, errors))];
    }

    public bool IsNull => node is YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain };

    /// <summary>A scalar's text; YAML's <c>true</c> and <c>200</c> are text too, parsed by the binder as TOML's would be.</summary>
    public string? Scalar()
    {
        if (node is YamlScalarNode scalar)
        {
            return IsNull ? null : scalar.Value;
        }

        Fail("must be a single value");
        return null;
    }

    public IReadOnlyList<string>? ScalarList()
    {
        if (node is YamlScalarNode)
        {
            // oauth2-proxy accepts a single value where a list is expected (scope-like fields).
            return Scalar() is { } single ? [single] : [];
        }

        var items = new List<string>();
        foreach (var item in Items())
        {
            if (item.Scalar() is { } value)
            {
                items.Add(value);
            }
        }

        return items;
    }

    public bool? Bool()
    {
        var text = Scalar();
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Fail($"'{text}' must be true or false");
        return null;
    }

    /// <summary>This field as a setting of the legacy option <paramref name="key"/>, which the binder validates.</summary>
    public Setting? AsSetting(string key, bool list = false)
    {
        if (IsNull)
        {
            return null;
        }

        object? value = list ? ScalarList() : Scalar();
        return value is null ? null : new Setting(key, value, SettingOrigin);
    }
}
