using System.Text.RegularExpressions;
using Lanyard.Configuration;

namespace Lanyard.Endpoints;

/// <summary>
/// Decides whether <c>rd=</c> may be followed after sign-in or sign-out. Allowed: a path on this site, or an
/// absolute http(s) URL to this host or to a <c>whitelist_domains</c> entry. Anything else (another host,
/// <c>//evil</c>, <c>/\evil</c>, <c>javascript:</c>, userinfo tricks, control characters that browsers strip)
/// is refused, and callers fall back to <c>/</c>. Rules follow oauth2-proxy's <c>pkg/app/redirect</c>.
/// </summary>
internal sealed partial class ValidateRedirectTarget
{
    private readonly (string Host, bool IncludeSubdomains, string? Port)[] _whitelist;

    public ValidateRedirectTarget(RedirectOptions options)
    {
        _whitelist = [.. options.WhitelistDomains.Select(Compile)];
    }

    /// <summary>
    /// Where a sign-in started by <paramref name="request"/> returns to: its <c>rd</c>, else the
    /// <c>X-Auth-Request-Redirect</c> header nginx users set, if safe; else <c>/</c>.
    /// </summary>
    public string RequestedTarget(HttpRequest request)
    {
        string? requested = request.Query["rd"];
        if (string.IsNullOrEmpty(requested))
        {
            requested = request.Headers["X-Auth-Request-Redirect"];
        }

        return Validate(requested, request.Host, request.IsHttps) ?? "/";
    }

    /// <summary>The target if it is safe to redirect to, else null.</summary>
    /// <param name="siteIsHttps">The request came over HTTPS: an <c>http://</c> target on this same host would
    /// downgrade the user to plain text (and send the session cookie with it if it is not Secure), so it is refused.</param>
    public string? Validate(string? target, HostString requestHost, bool siteIsHttps = false)
    {
        // Non-ASCII is refused too: a Location header must be ASCII, and a browser would send it percent-encoded anyway.
        if (string.IsNullOrEmpty(target) || target.Length > 2048 || target.Any(c => c > '~' || char.IsControl(c) || char.IsWhiteSpace(c)) || target.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        if (target.StartsWith('/'))
        {
            var end = target.AsSpan().IndexOfAny('?', '#');
            var path = end < 0 ? target.AsSpan() : target.AsSpan(0, end);
            return target.StartsWith("//", StringComparison.Ordinal) || DotOrEmptySegment().IsMatch(path) ? null : target;
        }

        // Absolute: "scheme://" spelled out (browsers read "https:evil.com" as a host), http(s) only, no userinfo.
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !target.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase)
            || uri.UserInfo.Length > 0
            || uri.Host.Length == 0)
        {
            return null;
        }

        if (IsRequestHost(uri, requestHost))
        {
            return siteIsHttps && uri.Scheme == Uri.UriSchemeHttp ? null : target;
        }

        return IsWhitelisted(uri) ? target : null;
    }

    /// <summary>
    /// Whether a page at <paramref name="origin"/> (an <c>Origin</c> or <c>Referer</c>) is this site or one it
    /// trusts to send users here: the request's host, or a <c>whitelist_domains</c> entry.
    /// </summary>
    public bool IsTrustedOrigin(Uri origin, HostString requestHost) =>
        (origin.Scheme == Uri.UriSchemeHttp || origin.Scheme == Uri.UriSchemeHttps) && (IsRequestHost(origin, requestHost) || IsWhitelisted(origin));

    private static bool IsRequestHost(Uri uri, HostString requestHost) =>
        requestHost.HasValue
        && string.Equals(uri.IdnHost, requestHost.Host, StringComparison.OrdinalIgnoreCase)
        && (requestHost.Port is null ? uri.IsDefaultPort : uri.Port == requestHost.Port);

    private bool IsWhitelisted(Uri uri)
    {
        var host = uri.IdnHost.ToLowerInvariant();
        foreach (var (allowed, includeSubdomains, port) in _whitelist)
        {
            var hostMatches = host == allowed || (includeSubdomains && host.EndsWith("." + allowed, StringComparison.Ordinal));
            var portMatches = port switch
            {
                null => uri.IsDefaultPort,
                "*" => true,
                _ => !uri.IsDefaultPort && uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) == port,
            };
            if (hostMatches && portMatches)
            {
                return true;
            }
        }

        return false;
    }

    // ".example.com" and "*.example.com" allow the domain and its subdomains; "host:port" or "host:*" name ports.
    private static (string Host, bool IncludeSubdomains, string? Port) Compile(string entry)
    {
        var value = entry.Trim().ToLowerInvariant();
        string? port = null;
        var colon = value.LastIndexOf(':');
        if (colon > 0)
        {
            port = value[(colon + 1)..];
            value = value[..colon];
        }

        var includeSubdomains = value.StartsWith('.') || value.StartsWith("*.", StringComparison.Ordinal);
        return (value.TrimStart('*').TrimStart('.'), includeSubdomains, port);
    }

    // oauth2-proxy's check for path segments that browsers may collapse into "//": "/./", "/../" or "//".
    [GeneratedRegex(@"[/\\](?:\.{1,2})?[/\\]")]
    private static partial Regex DotOrEmptySegment();
}
