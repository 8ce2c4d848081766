using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lanyard.Emulator.Protocol;

/// <summary>
/// The base URL that plays the part of <c>https://login.microsoftonline.com</c>: the fixed
/// <see cref="EntraEmulatorOptions.Authority"/>, or the request's own scheme, host (or
/// <see cref="EntraEmulatorOptions.IssuerHost"/> in its place) and the path in front of the emulator's routes (so
/// mapping the emulator under a route group prefix still yields the right issuer). A request over https gets https
/// issuers and endpoints, one over http gets http ones, so both listeners serve consistent documents.
/// </summary>
internal sealed class RequestAuthority
{
    private readonly string? _fixed;
    private readonly HostString? _issuerHost;

    public RequestAuthority(IOptions<EntraEmulatorOptions> options)
    {
        var configured = options.Value.Authority;
        var issuerHost = options.Value.IssuerHost;
        if (!string.IsNullOrWhiteSpace(issuerHost))
        {
            if (!string.IsNullOrWhiteSpace(configured))
            {
                throw new InvalidOperationException("EntraEmulatorOptions.IssuerHost and Authority cannot both be set: Authority already names the host.");
            }

            // A bare host[:port]: anything a URL would add (scheme, path, user info) is a mistake worth stopping on.
            if (!Uri.TryCreate($"https://{issuerHost}/", UriKind.Absolute, out var parsed) || parsed.Authority.Length == 0
                || !string.Equals(parsed.AbsolutePath, "/", StringComparison.Ordinal) || parsed.UserInfo.Length > 0
                || !string.Equals(parsed.Authority, issuerHost, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"EntraEmulatorOptions.IssuerHost must be a host name with an optional port, such as login.microsoftonline.com; got '{issuerHost}'.");
            }

            _issuerHost = new HostString(issuerHost);
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            return;
        }

        if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new InvalidOperationException(
                $"EntraEmulatorOptions.Authority must be an absolute http(s) URL without query or fragment; got '{configured}'.");
        }

        _fixed = configured.TrimEnd('/');
    }

    /// <param name="routePattern">The pattern that matched, e.g. <c>/{tenant}/oauth2/v2.0/token</c>; its segments are
    /// stripped from the end of the request path to find what lies in front of the emulator.</param>
    public string Resolve(HttpContext context, string routePattern)
    {
        if (_fixed is not null)
        {
            return _fixed;
        }

        var path = (context.Request.Path.Value ?? "").TrimEnd('/');
        var segments = routePattern.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
        for (var i = 0; i < segments; i++)
        {
            var slash = path.LastIndexOf('/');
            path = slash < 0 ? "" : path[..slash];
        }

        var request = context.Request;
        var host = _issuerHost ?? request.Host;
        return $"{request.Scheme}://{host.Value}{request.PathBase.Value}{path}";
    }
}
