using System.Text;
using System.Text.RegularExpressions;
using Lanyard.Testing;

namespace Lanyard.MicrosoftClientTests;

/// <summary>
/// README's "Use the emulator from your app" code blocks are cut from this project's tests: the lines between
/// <c>// README snippet N</c> and <c>// README snippet end</c>, less their common indentation, are README's N-th C# block
/// of that section, character for character. What the tests set outside the cut (<c>emulatorUrl</c>,
/// <c>emulatorPem</c>) is what README's prose says they are.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private const string Section = "#### Use the emulator from your app";

    [Fact]
    public void EveryCSharpBlockOfTheSection_IsTheSnippetTheTestsRun()
    {
        var blocks = ReadmeBlocks();
        var snippets = TestSnippets();

        Assert.NotEmpty(blocks);
        Assert.Equal(Enumerable.Range(1, snippets.Count), snippets.Keys.Order());
        Assert.True(blocks.Count == snippets.Count, $"README's section has {blocks.Count} C# blocks; the tests cut {snippets.Count} snippets");
        for (var n = 1; n <= blocks.Count; n++)
        {
            Assert.True(blocks[n - 1] == snippets[n], $"README's C# block {n} differs from README snippet {n} of the tests:\n--- README\n{blocks[n - 1]}\n--- tests\n{snippets[n]}");
        }
    }

    [Fact]
    public void TheProse_NamesWhatTheSnippetsTakeFromOutside()
    {
        var section = ReadmeSection();

        Assert.Contains("`emulatorUrl`", section, StringComparison.Ordinal);
        Assert.Contains("`emulatorPem`", section, StringComparison.Ordinal);
        Assert.Contains("lanyard emulator trust-cert --print", section, StringComparison.Ordinal);
    }

    private static string ReadmeSection()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf(Section + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no \"{Section}\" heading");
        var end = NextHeading().Match(readme, start + Section.Length + 1);
        return end.Success ? readme[start..end.Index] : readme[start..];
    }

    private static List<string> ReadmeBlocks() =>
        [.. CSharpBlock().Matches(ReadmeSection()).Select(m => m.Groups["code"].Value.TrimEnd('\n'))];

    private static Dictionary<int, string> TestSnippets()
    {
        var snippets = new Dictionary<int, string>();
        var project = Path.Combine(RepositoryPaths.Root, "tests", "Lanyard.MicrosoftClientTests");
        foreach (var file in Directory.EnumerateFiles(project, "*.cs").Order(StringComparer.Ordinal))
        {
            int? open = null;
            var lines = new List<string>();
            foreach (var line in File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n'))
            {
                var marker = SnippetMarker().Match(line);
                if (marker.Success && marker.Groups["n"].Value == "end")
                {
                    Assert.True(open is not null, $"{Path.GetFileName(file)}: a snippet end with no start");
                    Assert.True(snippets.TryAdd(open!.Value, Dedent(lines)), $"README snippet {open} is cut twice");
                    (open, lines) = (null, []);
                }
                else if (marker.Success)
                {
                    Assert.True(open is null, $"{Path.GetFileName(file)}: README snippet {marker.Groups["n"].Value} starts inside another");
                    open = int.Parse(marker.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (open is not null)
                {
                    lines.Add(line);
                }
            }

            Assert.True(open is null, $"{Path.GetFileName(file)}: README snippet {open} has no end");
        }

        return snippets;
    }

    private static string Dedent(List<string> lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart(' ').Length);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line.Length >= indent ? line[indent..] : line.TrimStart(' ')).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    [GeneratedRegex(@"^\s*// README snippet (?<n>\d+|end)\s*$")]
    private static partial Regex SnippetMarker();

    [GeneratedRegex(@"^```csharp\n(?<code>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^#{1,4} ", RegexOptions.Multiline)]
    private static partial Regex NextHeading();
}
