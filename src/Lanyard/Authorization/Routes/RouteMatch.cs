using System.Net;
using System.Text.RegularExpressions;

namespace Lanyard.Authorization.Routes;

/// <summary>The condition of a <see cref="RouteRule"/>: a closed set of small, precompiled matchers that do no I/O.</summary>
internal abstract partial record RouteMatch
{
    private RouteMatch()
    {
    }

    public abstract bool Matches(in RouteRequest request);

    /// <summary>
    /// A method (null: any) and a path regex, oauth2-proxy's <c>METHOD=regex</c> / <c>METHOD!=regex</c>:
    /// <paramref name="Negated"/> matches the paths the regex does not. <paramref name="IncludeQuery"/> matches the
    /// path and query (<c>api_routes</c>) instead of the path alone. The regex searches, unanchored, as Go's
    /// <c>MatchString</c> does.
    /// </summary>
    public sealed record PathPattern(string? Method, Regex Path, bool Negated, bool IncludeQuery) : RouteMatch
    {
        public override bool Matches(in RouteRequest request)
        {
            if (Method is not null && !string.Equals(Method, request.Method, StringComparison.Ordinal))
            {
                return false;
            }

            var subject = IncludeQuery ? request.PathAndQuery : request.Path;

            // Unknown, or with a line break (a decoded %0A): .NET's $ matches before a final newline where Go's does
            // not, so "^/health$" would match "/health\n". Neither counts as a match, negated or not: fail closed.
            if (subject is null || subject.Contains('\n', StringComparison.Ordinal))
            {
                return false;
            }

            try
            {
                return Path.IsMatch(subject) != Negated;
            }
            catch (RegexMatchTimeoutException)
            {
                // A timed-out rule applies to nothing, whichever way it is negated.
                return false;
            }
        }

        public override string ToString() => $"{Method ?? "any method"} {(Negated ? "not " : "")}{Path}";
    }

    /// <summary>One method, any path (<c>skip_auth_preflight</c>: OPTIONS).</summary>
    public sealed record MethodOnly(string Method) : RouteMatch
    {
        public override bool Matches(in RouteRequest request) => string.Equals(Method, request.Method, StringComparison.Ordinal);
    }

    /// <summary>The client's address is in one of <paramref name="Networks"/> (<c>trusted_ips</c>).</summary>
    public sealed record ClientAddress(IReadOnlyList<IPNetwork> Networks) : RouteMatch
    {
        public override bool Matches(in RouteRequest request)
        {
            if (request.ClientAddress is not { } address)
            {
                return false;
            }

            // A dual-stack socket reports an IPv4 client as ::ffff:a.b.c.d; the operator wrote a.b.c.d.
            var client = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            foreach (var network in Networks)
            {
                if (network.Contains(client))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
