using System.Text;

namespace Lanyard.Configuration;

/// <summary>
/// README's table of every option, from the catalog (<c>lanyard config options</c> prints it; a test keeps the
/// README's copy equal to it), so the documentation cannot say an option works when the code refuses it.
/// </summary>
internal static class OptionTable
{
    public static string Markdown()
    {
        var text = new StringBuilder();
        foreach (var group in OptionCatalog.All.GroupBy(o => o.Group))
        {
            text.Append("\n#### ").Append(group.Key).Append("\n\n");
            text.Append("| TOML key | Flag | Default | Status |\n| --- | --- | --- | --- |\n");
            foreach (var option in group)
            {
                var flag = option.HasFlag ? $"`{option.FlagName}`" : "—";
                var defaultValue = option.DefaultValue is { Length: > 0 } d ? $"`{d}`" : "";
                var status = option.IsSupported
                    ? (option.LanyardOnly ? "Lanyard's own: " : "yes: ") + Cell(option.Help)
                    : "**refused**: " + Cell(option.Unsupported!);
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| `{option.TomlKey}` | {flag} | {defaultValue} | {status} |\n");
            }
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
