namespace Lanyard.Configuration;

/// <summary>"Did you mean" hints: the known name closest to a misspelled one, when one is close enough to be a typo.</summary>
internal static class DidYouMean
{
    public static string? Closest(string unknown, IEnumerable<string> known, StringComparison comparison = StringComparison.Ordinal)
    {
        var folded = comparison == StringComparison.OrdinalIgnoreCase ? unknown.ToLowerInvariant() : unknown;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = EditDistance(folded, comparison == StringComparison.OrdinalIgnoreCase ? candidate.ToLowerInvariant() : candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        if (bestDistance <= Math.Max(2, unknown.Length / 4))
        {
            return best;
        }

        // A name that is the start of a known one, plural or not (alpha config's upstreams for upstreamConfig), is
        // no typo but the same mistake: a word short of the real name.
        var stem = unknown.TrimEnd('s');
        return stem.Length >= 4 ? known.FirstOrDefault(k => k.StartsWith(stem, StringComparison.OrdinalIgnoreCase)) : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
