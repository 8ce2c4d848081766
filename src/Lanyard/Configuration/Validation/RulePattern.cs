using System.Text.RegularExpressions;

namespace Lanyard.Configuration.Validation;

/// <summary>
/// The regexes that requests are matched against (<c>skip_auth_routes</c>, <c>api_routes</c>, a rule's
/// <c>pathRegex</c>), compiled once at startup, the same way for every option.
/// </summary>
internal static class RulePattern
{
    /// <summary>
    /// NonBacktracking matches in time linear in the input (a path, which Kestrel caps), so no pattern can make a
    /// request wait; the timeout is a last guard. It is long enough that a GC pause or a descheduled thread on a
    /// busy machine does not turn a match into a miss: at 100 ms an api_routes match was once seen to become a
    /// sign-in redirect under a loaded CI run.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <exception cref="ArgumentException">The pattern is not a valid regex.</exception>
    /// <exception cref="NotSupportedException">The pattern needs backtracking (backreferences, lookarounds).</exception>
    public static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
}
