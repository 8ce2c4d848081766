using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Lanyard.Authorization.Routes;

internal abstract partial record RouteMatch
{
    /// <summary>
    /// A per-route rule's request match, Istio's <c>to.operation</c>: any of <paramref name="Hosts"/>, any of the
    /// segment-aware <paramref name="PathPrefixes"/> (<c>/api</c> matches <c>/api</c> and <c>/api/x</c>, never
    /// <c>/apix</c>), <paramref name="PathRegex"/> (anchored only as the user wrote it) and any of
    /// <paramref name="Methods"/>. An empty part matches anything; every part given must match.
    /// </summary>
    /// <remarks>
    /// A fact the match needs but cannot trust makes the answer unknown, not "no": the host or path is not known, the
    /// path has a line break (where .NET's <c>$</c> would match before it), a <c>.</c>/<c>..</c> segment or a backslash
    /// (which an upstream may resolve to another path), or the regex timed out. <see cref="Matches"/> counts unknown as no
    /// (an allow or skip_auth rule then does not apply), <see cref="MayMatch"/> as yes (a deny rule then does): fail closed.
    /// </remarks>
    public sealed record Operation(IReadOnlyList<HostPattern> Hosts, IReadOnlyList<string> PathPrefixes, Regex? PathRegex, FrozenSet<string> Methods) : RouteMatch
    {
        private enum Fit
        {
            No,
            Yes,
            Unknown,
        }

        public override bool Matches(in RouteRequest request) => Judge(request) == Fit.Yes;

        /// <summary>Matches, or cannot be told not to: what a deny rule goes by.</summary>
        public bool MayMatch(in RouteRequest request) => Judge(request) != Fit.No;

        private Fit Judge(in RouteRequest request)
        {
            if (Methods.Count > 0 && !Methods.Contains(request.Method))
            {
                return Fit.No;
            }

            var unknown = false;
            if (Hosts.Count > 0)
            {
                if (request.Host is not { Length: > 0 } host)
                {
                    unknown = true;
                }
                else if (!Hosts.Any(h => h.Matches(host)))
                {
                    return Fit.No;
                }
            }

            if (PathPrefixes.Count == 0 && PathRegex is null)
            {
                return unknown ? Fit.Unknown : Fit.Yes;
            }

            if (request.Path is not { } path || !IsTrustworthy(path))
            {
                return Fit.Unknown;
            }

            if (PathPrefixes.Count > 0 && !PathPrefixes.Any(prefix => HasPrefix(path, prefix)))
            {
                return Fit.No;
            }

            if (PathRegex is not null)
            {
                try
                {
                    if (!PathRegex.IsMatch(path))
                    {
                        return Fit.No;
                    }
                }
                catch (RegexMatchTimeoutException)
                {
                    return Fit.Unknown;
                }
            }

            return unknown ? Fit.Unknown : Fit.Yes;
        }

        /// <summary><c>/api</c> is <c>/api</c> or under <c>/api/</c>; a prefix written with its slash (<c>/api/</c>, <c>/</c>) is a plain prefix.</summary>
        private static bool HasPrefix(string path, string prefix) =>
            path.StartsWith(prefix, StringComparison.Ordinal)
            && (prefix[^1] == '/' || path.Length == prefix.Length || path[prefix.Length] == '/');

        private static bool IsTrustworthy(string path)
        {
            if (path.Contains('\n', StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var segment in path.Split('/'))
            {
                if (segment is "." or "..")
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString()
        {
            var parts = new List<string>();
            if (Methods.Count > 0)
            {
                parts.Add(string.Join('|', Methods.Order(StringComparer.Ordinal)));
            }

            if (Hosts.Count > 0)
            {
                parts.Add("host " + string.Join(", ", Hosts));
            }

            if (PathPrefixes.Count > 0)
            {
                parts.Add("path " + string.Join(", ", PathPrefixes));
            }

            if (PathRegex is not null)
            {
                parts.Add("path ~ " + PathRegex);
            }

            return string.Join(' ', parts);
        }
    }
}
