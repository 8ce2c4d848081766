namespace Lanyard.Testing;

/// <summary>Payload tables in Data/ (one payload per line, # comments, \t \n \r \0 escapes).</summary>
public static class PayloadTables
{
    public static IReadOnlyList<string> Read(string file) =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", file))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Replace("\\t", "\t", StringComparison.Ordinal)
                .Replace("\\n", "\n", StringComparison.Ordinal)
                .Replace("\\r", "\r", StringComparison.Ordinal)
                .Replace("\\0", "\0", StringComparison.Ordinal))];
}
