using System.Net;
using Lanyard.Testing;
using YamlDotNet.RepresentationModel;

namespace Lanyard.IntegrationTests.Gateways;

/// <summary>
/// Envoy on the simulated network, acting on a static bootstrap file with the HTTP <c>ext_authz</c> filter the way
/// Envoy's raw HTTP client does (ext_authz_http_impl.cc, forward-auth-peers.md §3.2): the first route of the virtual
/// host whose prefix matches; unless the route disables the filter, a check request with the original method and
/// Host, <c>path_prefix</c> + the original path and query, no body, and only the client headers
/// <c>authorization_request.allowed_headers</c> match. Exactly 200 allows: the answer's headers that
/// <c>allowed_upstream_headers</c> match overwrite the request's, those <c>allowed_client_headers_on_success</c> match
/// go on the client's response. A 5xx or no answer is an error: 403 (failure_mode_allow false). Anything else goes to
/// the client with its status, body and the headers <c>allowed_client_headers</c> match. With <c>use_remote_address</c>
/// Envoy sets <c>x-forwarded-for</c> and <c>x-forwarded-proto</c> from the connection.
/// </summary>
internal sealed class EnvoyHttpExtAuthz(YamlMappingNode bootstrap, SimulatedNetwork network, string clientAddress) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _network = new(network.CreateHandler());

    private YamlNode FilterChain => bootstrap.Items("static_resources", "listeners")[0].Items("filter_chains")[0];

    private YamlNode ConnectionManager => FilterChain.Items("filters").Single(f => f.Text("name") == "envoy.filters.network.http_connection_manager").At("typed_config");

    private YamlNode ExtAuthz => ConnectionManager.Items("http_filters").Single(f => f.Text("name") == "envoy.filters.http.ext_authz").At("typed_config");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        var scheme = FilterChain.Find("transport_socket") is null ? "http" : "https";
        Assert.Equal(scheme, url.Scheme);
        var route = Route(url);
        var forwarded = new HttpRequestMessage(request.Method, new Uri(new Uri(Cluster(route.Text("route", "cluster"))), url.PathAndQuery)) { Content = request.Content };
        foreach (var (name, values) in GatewayMessages.Headers(request))
        {
            forwarded.Headers.TryAddWithoutValidation(name, values);
        }

        forwarded.Headers.Host = url.Authority;
        Assert.Equal("true", ConnectionManager.Text("use_remote_address"));
        GatewayMessages.Set(forwarded, "x-forwarded-for", [clientAddress]);
        GatewayMessages.Set(forwarded, "x-forwarded-proto", [scheme]);

        var onSuccess = new List<(string, IReadOnlyList<string>)>();
        var disabled = route.Find("typed_per_filter_config") is { } perFilter && perFilter.Find("envoy.filters.http.ext_authz") is { } perRoute
            && perRoute.Find("disabled") is YamlScalarNode { Value: "true" };
        if (!disabled)
        {
            var denial = await CheckAsync(forwarded, url, onSuccess, cancellationToken);
            if (denial is not null)
            {
                return denial;
            }
        }

        var response = await _network.SendAsync(forwarded, cancellationToken);
        foreach (var (name, values) in onSuccess)
        {
            response.Headers.TryAddWithoutValidation(name, values);
        }

        return response;
    }

    private async Task<HttpResponseMessage?> CheckAsync(HttpRequestMessage forwarded, Uri url, List<(string, IReadOnlyList<string>)> onSuccess, CancellationToken cancellationToken)
    {
        var service = ExtAuthz.At("http_service");
        Assert.Equal("false", ExtAuthz.Text("failure_mode_allow"));
        var server = new Uri(Cluster(service.Text("server_uri", "cluster")));
        using var check = new HttpRequestMessage(forwarded.Method, new Uri(server, service.Text("path_prefix") + url.PathAndQuery));
        check.Headers.Host = url.Authority;
        var allowed = Patterns(service, "authorization_request", "allowed_headers");
        foreach (var (name, values) in GatewayMessages.Headers(forwarded).Where(h => Matches(allowed, h.Name)))
        {
            check.Headers.TryAddWithoutValidation(name, values);
        }

        check.Content = new ByteArrayContent([]);
        HttpResponseMessage answer;
        try
        {
            answer = await _network.SendAsync(check, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new ByteArrayContent([]) };
        }

        using (answer)
        {
            var body = await answer.Content.ReadAsByteArrayAsync(cancellationToken);
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                var upstream = Patterns(service, "authorization_response", "allowed_upstream_headers");
                foreach (var (name, values) in GatewayMessages.Headers(answer).Where(h => Matches(upstream, h.Name)))
                {
                    GatewayMessages.Set(forwarded, name, values);
                }

                var client = Patterns(service, "authorization_response", "allowed_client_headers_on_success");
                onSuccess.AddRange(GatewayMessages.Headers(answer).Where(h => Matches(client, h.Name)));
                return null;
            }

            if ((int)answer.StatusCode >= 500)
            {
                return new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new ByteArrayContent([]) };
            }

            var toClient = Patterns(service, "authorization_response", "allowed_client_headers");
            return GatewayMessages.Answer(answer.StatusCode, body, GatewayMessages.Headers(answer).Where(h => Matches(toClient, h.Name)));
        }
    }

    /// <summary>The virtual host whose domain is the request's host, then its first route whose prefix matches.</summary>
    private YamlNode Route(Uri url)
    {
        var host = ConnectionManager.Items("route_config", "virtual_hosts")
            .Single(v => v.Texts("domains").Any(d => d == "*" || string.Equals(d, url.Authority, StringComparison.OrdinalIgnoreCase)));
        return host.Items("routes").First(r => url.AbsolutePath.StartsWith(r.Text("match", "prefix"), StringComparison.Ordinal));
    }

    /// <summary>A cluster's first endpoint as a URL on the simulated network.</summary>
    private string Cluster(string name)
    {
        var cluster = bootstrap.Items("static_resources", "clusters").Single(c => c.Text("name") == name);
        var address = cluster.Items("load_assignment", "endpoints")[0].Items("lb_endpoints")[0].At("endpoint", "address", "socket_address");
        return $"http://{address.Text("address")}:{address.Text("port_value")}";
    }

    private static IReadOnlyList<YamlNode> Patterns(YamlNode service, params string[] path) =>
        service.Find(path[0]) is { } section && section.Find(path[1]) is { } list ? list.Items("patterns") : [];

    /// <summary>Envoy's StringMatcher: <c>exact</c> or <c>prefix</c>, with <c>ignore_case</c>; other kinds are not simulated.</summary>
    private static bool Matches(IReadOnlyList<YamlNode> patterns, string header) => patterns.Any(pattern =>
    {
        var comparison = pattern.Find("ignore_case") is YamlScalarNode { Value: "true" } ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return pattern.Find("exact") is YamlScalarNode exact ? string.Equals(exact.Value, header, comparison)
            : pattern.Find("prefix") is YamlScalarNode prefix ? header.StartsWith(prefix.Value!, comparison)
            : throw new NotSupportedException($"the Envoy simulation reads exact and prefix matchers only, not {pattern}");
    });

    protected override void Dispose(bool disposing)
    {
        _network.Dispose();
        base.Dispose(disposing);
    }
}
