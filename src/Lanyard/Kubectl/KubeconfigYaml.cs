using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lanyard.Kubectl;

/// <summary>Reading and writing a kubeconfig's YAML nodes by key, leaving every node it does not touch as it was.</summary>
internal static partial class KubeconfigYaml
{
    public static YamlNode? Child(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static string? Text(YamlNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    /// <summary>
    /// A string scalar that kubectl reads back as a string: YamlDotNet writes a new scalar plain, and a plain
    /// <c>true</c>, <c>null</c> or <c>1234</c> would reach client-go's YAML-to-JSON step as a bool, null or number.
    /// </summary>
    public static YamlScalarNode String(string value) =>
        new(value) { Style = value.Length == 0 || NotAString().IsMatch(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    /// <summary>A plain scalar YAML 1.1 or 1.2 (either may read the file) resolves to null, a bool or a number.</summary>
    [GeneratedRegex(@"^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")]
    private static partial Regex NotAString();
}
