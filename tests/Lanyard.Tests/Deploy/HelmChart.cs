using System.Text.RegularExpressions;
using Lanyard.Testing;
using YamlDotNet.RepresentationModel;

namespace Lanyard.Tests.Deploy;

/// <summary>
/// deploy/helm/lanyard read without Helm (it cannot be installed here): its YAML files, and the <c>.Values</c> paths
/// its templates name, including through variables (<c>$redis := .Values.sessionStorage.redis</c>, then <c>$redis.password</c>).
/// </summary>
internal static partial class HelmChart
{
    public static string Root { get; } = Path.Combine(RepositoryPaths.Root, "deploy", "helm", "lanyard");

    public static YamlMappingNode Values { get; } = LoadMapping(Path.Combine(Root, "values.yaml"));

    public static IReadOnlyDictionary<string, string> Templates { get; } =
        Directory.GetFiles(Path.Combine(Root, "templates"))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".tpl", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);

    /// <summary>The value sets in ci/ (chart-testing's convention), by file name.</summary>
    public static IReadOnlyList<string> CiValueFiles { get; } =
        [.. Directory.GetFiles(Path.Combine(Root, "ci"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static YamlMappingNode LoadMapping(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    public static YamlMappingNode CiValues(string file) => LoadMapping(Path.Combine(Root, "ci", file));

    /// <summary>
    /// Every <c>.Values.a.b</c> path a template names, as "a.b", with the file it is in. A variable's definition is
    /// marked: it names a whole section only to read keys below it, so it is no use of the section's every key.
    /// </summary>
    public static IEnumerable<(string File, string Path, bool IsVariable)> ValuesReferences()
    {
        foreach (var (file, text) in Templates)
        {
            var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match alias in AliasDefinition().Matches(text))
            {
                aliases[alias.Groups["var"].Value] = alias.Groups["path"].Value.TrimStart('.');
            }

            // The alias definitions themselves name a whole section; counting them as uses would hide its unused keys.
            var body = AliasDefinition().Replace(text, "");
            foreach (Match reference in ValuesPath().Matches(body))
            {
                yield return (file, reference.Groups["path"].Value.TrimStart('.'), false);
            }

            foreach (Match reference in VariablePath().Matches(body))
            {
                if (aliases.TryGetValue(reference.Groups["var"].Value, out var prefix))
                {
                    yield return (file, prefix + reference.Groups["path"].Value, false);
                }
            }

            foreach (var prefix in aliases.Values)
            {
                yield return (file, prefix, true);
            }
        }
    }

    /// <summary>
    /// The node at a dotted path, or null. An empty map (<c>podLabels: {}</c>) holds whatever keys the user gives it,
    /// so a path that goes on below one ends there.
    /// </summary>
    public static YamlNode? Find(YamlMappingNode root, string path)
    {
        YamlNode node = root;
        foreach (var key in path.Split('.'))
        {
            if (node is not YamlMappingNode mapping)
            {
                return null;
            }

            if (mapping.Children.Count == 0)
            {
                return mapping;
            }

            if (!mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>Every key path of a values file, descending through maps only (lists are values as a whole).</summary>
    public static IEnumerable<string> KeyPaths(YamlMappingNode mapping, string prefix = "")
    {
        foreach (var (key, child) in mapping.Children)
        {
            var path = prefix + ((YamlScalarNode)key).Value;
            yield return path;
            if (child is YamlMappingNode nested)
            {
                foreach (var below in KeyPaths(nested, path + "."))
                {
                    yield return below;
                }
            }
        }
    }

    /// <summary>A value as Helm would see it after merging <paramref name="overrides"/> over values.yaml.</summary>
    public static YamlNode? Effective(YamlMappingNode? overrides, string path) =>
        (overrides is null ? null : FindExact(overrides, path)) ?? FindExact(Values, path);

    public static string Scalar(YamlMappingNode? overrides, string path) =>
        Effective(overrides, path) is YamlScalarNode { Value: { } value } ? value : "";

    public static bool IsTrue(YamlMappingNode? overrides, string path) => Scalar(overrides, path) == "true";

    public static IReadOnlyList<string> List(YamlMappingNode? overrides, string path) =>
        Effective(overrides, path) is YamlSequenceNode items ? [.. items.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "")] : [];

    private static YamlNode? FindExact(YamlMappingNode root, string path)
    {
        YamlNode? node = root;
        foreach (var key in path.Split('.'))
        {
            node = node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }

        return node;
    }

    [GeneratedRegex(@"\$(?<var>[A-Za-z_]\w*)\s*:=\s*\.Values(?<path>(?:\.[A-Za-z_]\w*)+)")]
    private static partial Regex AliasDefinition();

    [GeneratedRegex(@"\.Values(?<path>(?:\.[A-Za-z_]\w*)+)")]
    private static partial Regex ValuesPath();

    [GeneratedRegex(@"\$(?<var>[A-Za-z_]\w*)(?<path>(?:\.[A-Za-z_]\w*)+)")]
    private static partial Regex VariablePath();
}
