using System.Globalization;
using System.Text.RegularExpressions;
using Lanyard.Testing;
using YamlDotNet.RepresentationModel;

namespace Lanyard.IntegrationTests.Gateways;

/// <summary>
/// Traefik on the simulated network, acting on a dynamic configuration file (file provider) the way Traefik's
/// router, <c>forwardAuth</c> middleware (pkg/middlewares/auth/forward.go) and reverse proxy do, as
/// forward-auth-peers.md §1.9 reads them: the router with the highest priority (the longest rule) whose
/// <c>Host</c>/<c>PathPrefix</c> match; the entry point replaces a client's <c>X-Forwarded-*</c> with its own; the auth
/// request is a GET to <c>address</c> with the client's headers and <c>X-Forwarded-Method/-Proto/-Host/-Uri/-For/-Port</c>;
/// any 2xx lets the request go on with <c>authResponseHeaders</c> replacing the client's copies (each listed name is
/// removed first), and the cookies named in <c>addAuthCookiesToResponse</c> are added to the app's response; any other
/// answer goes to the client with its status, headers and body (a relative <c>Location</c> made absolute against the
/// auth address). The client is not a trusted forwarder.
/// </summary>
internal sealed partial class TraefikForwardAuth(YamlMappingNode dynamicConfig, SimulatedNetwork network, string clientAddress) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _network = new(network.CreateHandler());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        var router = Route(url);
        var forwarded = new HttpRequestMessage(request.Method, new Uri(new Uri(Service(router.Text("service"))), url.PathAndQuery)) { Content = request.Content };
        foreach (var (name, values) in GatewayMessages.Headers(request).Where(h => !IsForwardedHeader(h.Name)))
        {
            forwarded.Headers.TryAddWithoutValidation(name, values);
        }

        // The entry point's forwarded headers (the client is not in forwardedHeaders.trustedIPs), kept by trustForwardHeader.
        forwarded.Headers.Host = url.Authority;
        forwarded.Headers.TryAddWithoutValidation("X-Forwarded-For", clientAddress);
        forwarded.Headers.TryAddWithoutValidation("X-Forwarded-Proto", url.Scheme);
        forwarded.Headers.TryAddWithoutValidation("X-Forwarded-Host", url.Authority);
        forwarded.Headers.TryAddWithoutValidation("X-Forwarded-Port", url.Port.ToString(CultureInfo.InvariantCulture));
        forwarded.Headers.TryAddWithoutValidation("X-Real-Ip", clientAddress);

        var authCookies = new List<string>();
        foreach (var middleware in router.Find("middlewares") is null ? [] : router.Texts("middlewares"))
        {
            var forwardAuth = dynamicConfig.At("http", "middlewares", middleware, "forwardAuth");
            Assert.Equal("true", forwardAuth.Text("trustForwardHeader"));
            var denial = await AskAsync(forwardAuth, request, url, forwarded, authCookies, cancellationToken);
            if (denial is not null)
            {
                return denial;
            }
        }

        var response = await _network.SendAsync(forwarded, cancellationToken);
        foreach (var cookie in authCookies)
        {
            // Traefik replaces the app's cookie of the same name with the auth server's.
            var name = GatewayMessages.NameOfCookie(cookie);
            var kept = response.Headers.TryGetValues("Set-Cookie", out var existing) ? existing.Where(c => GatewayMessages.NameOfCookie(c) != name).ToList() : [];
            response.Headers.Remove("Set-Cookie");
            response.Headers.TryAddWithoutValidation("Set-Cookie", [.. kept, cookie]);
        }

        return response;
    }

    /// <returns>The answer for the client when the auth server did not allow, else null (the request may go on).</returns>
    private async Task<HttpResponseMessage?> AskAsync(YamlNode forwardAuth, HttpRequestMessage original, Uri url, HttpRequestMessage forwarded, List<string> authCookies, CancellationToken cancellationToken)
    {
        var address = new Uri(forwardAuth.Text("address"));
        using var check = new HttpRequestMessage(HttpMethod.Get, address);
        foreach (var (name, values) in GatewayMessages.Headers(original).Where(h => !IsForwardedHeader(h.Name) && !h.Name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
        {
            check.Headers.TryAddWithoutValidation(name, values);
        }

        check.Headers.TryAddWithoutValidation("X-Forwarded-Method", original.Method.Method);
        check.Headers.TryAddWithoutValidation("X-Forwarded-Proto", url.Scheme);
        check.Headers.TryAddWithoutValidation("X-Forwarded-Host", url.Authority);
        check.Headers.TryAddWithoutValidation("X-Forwarded-Uri", url.PathAndQuery);
        check.Headers.TryAddWithoutValidation("X-Forwarded-For", clientAddress);
        check.Headers.TryAddWithoutValidation("X-Forwarded-Port", url.Port.ToString(CultureInfo.InvariantCulture));

        using var answer = await _network.SendAsync(check, cancellationToken);
        var body = await answer.Content.ReadAsByteArrayAsync(cancellationToken);
        if ((int)answer.StatusCode is < 200 or > 299)
        {
            var denial = GatewayMessages.Answer(answer.StatusCode, body, GatewayMessages.Headers(answer).Where(h => !h.Name.Equals("Location", StringComparison.OrdinalIgnoreCase)));
            if (answer.Headers.Location is { } location)
            {
                denial.Headers.Location = location.IsAbsoluteUri ? location : new Uri(address, location);
            }

            return denial;
        }

        foreach (var name in forwardAuth.Texts("authResponseHeaders"))
        {
            forwarded.Headers.Remove(name);
            if (answer.Headers.TryGetValues(name, out var values))
            {
                forwarded.Headers.TryAddWithoutValidation(name, values);
            }
        }

        var wanted = forwardAuth.Find("addAuthCookiesToResponse") is null ? [] : forwardAuth.Texts("addAuthCookiesToResponse");
        if (answer.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            authCookies.AddRange(cookies.Where(c => wanted.Contains(GatewayMessages.NameOfCookie(c), StringComparer.Ordinal)));
        }

        return null;
    }

    /// <summary>The matching router with the highest priority: its own <c>priority</c>, else the rule's length.</summary>
    private YamlNode Route(Uri url)
    {
        var matching = dynamicConfig.Entries("http", "routers")
            .Select(r => r.Value)
            .Where(router => Matches(router.Text("rule"), url))
            .OrderByDescending(router => router.Find("priority") is { } priority ? int.Parse(((YamlScalarNode)priority).Value!, CultureInfo.InvariantCulture) : router.Text("rule").Length)
            .ToList();
        return matching.Count > 0 ? matching[0] : throw new HttpRequestException($"no Traefik router for {url}");
    }

    /// <summary><c>Host(`h`)</c> and <c>PathPrefix(`/p`)</c> joined by <c>&amp;&amp;</c>; anything else is not simulated and fails.</summary>
    private static bool Matches(string rule, Uri url) =>
        rule.Split("&&").Select(part => part.Trim()).All(part => Matcher().Match(part) is { Success: true } m
            ? m.Groups["kind"].Value == "Host"
                ? string.Equals(m.Groups["value"].Value, url.Host, StringComparison.OrdinalIgnoreCase)
                : url.AbsolutePath.StartsWith(m.Groups["value"].Value, StringComparison.Ordinal)
            : throw new NotSupportedException($"the Traefik simulation reads Host and PathPrefix only, not '{part}'"));

    private string Service(string name) => dynamicConfig.Items("http", "services", name, "loadBalancer", "servers")[0].Text("url");

    private static bool IsForwardedHeader(string name) =>
        name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase) || name.Equals("X-Real-Ip", StringComparison.OrdinalIgnoreCase) || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^(?<kind>Host|PathPrefix)\\(`(?<value>[^`]+)`\\)$")]
    private static partial Regex Matcher();

    protected override void Dispose(bool disposing)
    {
        _network.Dispose();
        base.Dispose(disposing);
    }
}
