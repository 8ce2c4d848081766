using System.Globalization;
using System.Text.RegularExpressions;

namespace Lanyard.IntegrationTests;

/// <summary>
/// Prometheus text exposition (format 0.0.4), parsed: each sample's name, labels and value, and each metric's
/// <c># TYPE</c>. Enough to assert what a scrape says, as Prometheus would read it.
/// </summary>
public sealed partial class PrometheusScrape
{
    private PrometheusScrape(string text, List<Sample> samples, Dictionary<string, string> types)
    {
        Text = text;
        Samples = samples;
        Types = types;
    }

    public string Text { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public IReadOnlyDictionary<string, string> Types { get; }

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"Not a Prometheus sample line: {line}");
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["name"].Value, m => Regex.Unescape(m.Groups["value"].Value), StringComparer.Ordinal);
            samples.Add(new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new PrometheusScrape(text, samples, types);
    }

    /// <summary>The value of the one sample named <paramref name="name"/> whose labels include <paramref name="labels"/> exactly, or 0 when there is none.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matching = Matching(name, labels).ToList();
        return matching.Count switch
        {
            0 => 0,
            1 => matching[0].Value,
            _ => throw new InvalidOperationException($"{matching.Count} samples of {name} match; name every label."),
        };
    }

    public IEnumerable<Sample> Matching(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value));

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();
}
