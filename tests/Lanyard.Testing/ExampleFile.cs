using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Lanyard.Testing;

/// <summary>
/// A <c>deploy/examples</c> file as a user copies it: TOML with its <c>&lt;placeholders&gt;</c> filled in (every one,
/// or the test fails, so an example cannot grow a placeholder its test does not know), YAML as the gateway parses it.
/// </summary>
public static partial class ExampleFile
{
    public static string PathOf(string relative) => Path.Combine(RepositoryPaths.Root, "deploy/examples", relative);

    /// <summary>The file's text with each <c>&lt;name&gt;</c> replaced; a placeholder left over throws.</summary>
    public static string Fill(string relative, IReadOnlyDictionary<string, string> values)
    {
        var text = File.ReadAllText(PathOf(relative));
        foreach (var (name, value) in values)
        {
            text = text.Replace($"<{name}>", value, StringComparison.Ordinal);
        }

        // Only in values: a comment may show a command line with angle brackets.
        var left = Placeholder().Matches(text).Select(m => m.Value).Distinct().ToList();
        return left.Count == 0 ? text : throw new InvalidOperationException($"{relative} has placeholders the test did not fill: {string.Join(", ", left)}");
    }

    /// <summary>Every YAML document of the file (a Kubernetes file may hold several, split by <c>---</c>).</summary>
    public static IReadOnlyList<YamlMappingNode> Yaml(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(PathOf(relative)));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    [GeneratedRegex("(?m)^[^#\\n]*?\"[^\"\\n]*<[a-z-]+>[^\"\\n]*\"")]
    private static partial Regex Placeholder();
}

/// <summary>Reading a parsed YAML tree by key paths, failing with the path when a key is missing.</summary>
public static class YamlNodes
{
    public static YamlNode At(this YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node.Find(key) ?? throw new KeyNotFoundException($"no '{key}' in {node.Start}: {string.Join('.', path)}");
        }

        return node;
    }

    public static YamlNode? Find(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string Text(this YamlNode node, params string[] path) => ((YamlScalarNode)node.At(path)).Value ?? "";

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    public static IReadOnlyList<string> Texts(this YamlNode node, params string[] path) =>
        [.. node.Items(path).Select(item => ((YamlScalarNode)item).Value ?? "")];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode node, params string[] path) =>
        ((YamlMappingNode)node.At(path)).Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", p.Value));
}
