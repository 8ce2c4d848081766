using Lanyard.Configuration;
using Lanyard.Testing;

namespace Lanyard.Tests.Configuration;

public sealed class ReadmeOptionTableTests
{
    private const string Begin = "<!-- options:begin -->";
    private const string End = "<!-- options:end -->";

    [Fact]
    public void ReadmesOptionTable_IsTheCatalogs()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no option table markers");

        var table = readme[(start + Begin.Length)..end].Trim();

        Assert.True(table == OptionTable.Markdown().Trim(),
            "README.md's option table is out of date; regenerate it with scripts/update-readme-options.sh");
    }

    [Fact]
    public void TheTable_HasARowForEveryOption()
    {
        var rows = OptionTable.Markdown().Split('\n').Count(line => line.StartsWith("| `", StringComparison.Ordinal));
        Assert.Equal(OptionCatalog.All.Count, rows);
    }
}
