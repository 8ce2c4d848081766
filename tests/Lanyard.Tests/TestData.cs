namespace Lanyard.Tests;

/// <summary>Payload tables shared with the integration tests (tests/Lanyard.Testing/Data).</summary>
internal static class TestData
{
    public static TheoryData<string> Lines(string file)
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", file)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            data.Add(Unescape(line));
        }

        return data;
    }

    private static string Unescape(string line) =>
        line.Replace("\\t", "\t", StringComparison.Ordinal)
            .Replace("\\n", "\n", StringComparison.Ordinal)
            .Replace("\\r", "\r", StringComparison.Ordinal)
            .Replace("\\0", "\0", StringComparison.Ordinal);
}
