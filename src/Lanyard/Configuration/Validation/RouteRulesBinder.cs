using System.Net;
using System.Text.RegularExpressions;
using Lanyard.Authorization.Routes;

namespace Lanyard.Configuration.Validation;

/// <summary>
/// oauth2-proxy's allow-lists (<c>pkg/validation/allowlist.go</c>, <c>oauthproxy.go</c> buildRoutesAllowlist) into
/// <see cref="RouteRule"/>s. Every regex is compiled here, once; one that does not compile, a method that is not a
/// method, an empty regex and an address that is not one are errors naming the option and where it was set.
/// </summary>
internal static class RouteRulesBinder
{
    public static RouteRuleOptions Bind(SettingReader read)
    {
        var rules = new List<RouteRule>();
        if (read.Bool("skip_auth_preflight", false))
        {
            rules.Add(new RouteRule("skip_auth_preflight", RouteAction.SkipAuth, new RouteMatch.MethodOnly(HttpMethods.Options)));
        }

        foreach (var pattern in read.Patterns("skip_auth_regex"))
        {
            if (Compile(read, "skip_auth_regex", pattern, pattern) is { } regex)
            {
                rules.Add(new RouteRule($"skip_auth_regex {pattern}", RouteAction.SkipAuth, new RouteMatch.PathPattern(null, regex, Negated: false, IncludeQuery: false)));
            }
        }

        foreach (var route in read.Patterns("skip_auth_routes"))
        {
            if (ParseRoute(read, route) is { } match)
            {
                rules.Add(new RouteRule($"skip_auth_routes {route}", RouteAction.SkipAuth, match));
            }
        }

        if (TrustedNetworks(read) is { Count: > 0 } networks)
        {
            rules.Add(new RouteRule("trusted_ips", RouteAction.SkipAuth, new RouteMatch.ClientAddress(networks)));
        }

        foreach (var pattern in read.Patterns("api_routes"))
        {
            if (Compile(read, "api_routes", pattern, pattern) is { } regex)
            {
                rules.Add(new RouteRule($"api_routes {pattern}", RouteAction.ApiRoute, new RouteMatch.PathPattern(null, regex, Negated: false, IncludeQuery: true)));
            }
        }

        return new RouteRuleOptions(rules, read.Bool("force_json_errors", false));
    }

    /// <summary>
    /// <c>METHOD=regex</c>, <c>METHOD!=regex</c>, <c>regex</c> or <c>!=regex</c>, split at the first <c>=</c> as
    /// oauth2-proxy does. oauth2-proxy negates whenever the text contains <c>!=</c> anywhere; here only the separator
    /// negates, so a regex with a literal <c>!=</c> means what it says. What stands before the <c>=</c> must be a
    /// method (letters), or the entry is refused: oauth2-proxy would take <c>^/a</c> of <c>^/a=b</c> as a method that
    /// never matches, silently.
    /// </summary>
    private static RouteMatch.PathPattern? ParseRoute(SettingReader read, string route)
    {
        var equals = route.IndexOf('=', StringComparison.Ordinal);
        string? method = null;
        var negated = false;
        var pattern = route;
        if (equals >= 0)
        {
            negated = equals > 0 && route[equals - 1] == '!';
            var methodText = route[..(negated ? equals - 1 : equals)];
            pattern = route[(equals + 1)..];
            if (methodText.Length > 0)
            {
                if (!methodText.All(char.IsAsciiLetter))
                {
                    read.Fail("skip_auth_routes", $"'{route}': '{methodText}' before '=' is not an HTTP method; write METHOD=regex, METHOD!=regex, regex or !=regex (a regex containing = needs a method or != in front, or \\x3d for the =)");
                    return null;
                }

                method = methodText.ToUpperInvariant();
            }
        }

        return Compile(read, "skip_auth_routes", route, pattern) is { } regex
            ? new RouteMatch.PathPattern(method, regex, negated, IncludeQuery: false)
            : null;
    }

    /// <summary>
    /// .NET's non-backtracking engine: linear time like Go's RE2, and like RE2 without backreferences or lookaround,
    /// so a regex that works for oauth2-proxy works here and none can be made to run away on a crafted path.
    /// </summary>
    private static Regex? Compile(SettingReader read, string key, string entry, string pattern)
    {
        if (pattern.Length == 0)
        {
            read.Fail(key, $"'{entry}' has an empty regex, which matches every path; write ^/ if every path is really meant");
            return null;
        }

        try
        {
            return RulePattern.Compile(pattern);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            read.Fail(key, $"'{entry}' is not a valid regular expression: {e.Message}");
            return null;
        }
    }

    private static List<IPNetwork> TrustedNetworks(SettingReader read)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in read.List("trusted_ips"))
        {
            if (ReverseProxyBinder.TryParseNetwork(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                read.Fail("trusted_ips", $"'{entry}' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 192.168.1.10, fd00::/8)");
            }
        }

        return networks;
    }
}
