using System.Collections.Concurrent;
using Microsoft.AspNetCore.TestHost;

namespace Lanyard.Testing;

/// <summary>
/// An in-memory network: hosts registered by authority (<c>https://proxy.test</c>), requests routed to their
/// <see cref="TestServer"/>. Every backchannel of the proxy (discovery, JWKS, token endpoint, upstreams) and the
/// test's browser go through it, so a whole sign-in runs in one process with no sockets. An unknown host fails
/// like a refused connection.
/// </summary>
public sealed class SimulatedNetwork
{
    private readonly ConcurrentDictionary<string, HttpMessageHandler> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public void Register(Uri baseAddress, TestServer server) => _hosts[Key(baseAddress)] = server.CreateHandler();

    /// <summary>A host whose requests arrive from <paramref name="peer"/> (a TestServer connection has no address of its own).</summary>
    public void Register(Uri baseAddress, TestServer server, System.Net.IPAddress peer) =>
        _hosts[Key(baseAddress)] = server.CreateHandler(context => context.Connection.RemoteIpAddress = peer);

    /// <summary>A host that is not an ASP.NET Core app: a simulated gateway acting on its example config, say.</summary>
    public void Register(Uri baseAddress, HttpMessageHandler handler) => _hosts[Key(baseAddress)] = handler;

    /// <summary>A load balancer: requests to <paramref name="baseAddress"/> go to each server in turn.</summary>
    public void RegisterRoundRobin(Uri baseAddress, params TestServer[] servers) =>
        _hosts[Key(baseAddress)] = new RoundRobinHandler([.. servers.Select(server => server.CreateHandler())]);

    public void Unregister(Uri baseAddress) => _hosts.TryRemove(Key(baseAddress), out _);

    public HttpMessageHandler CreateHandler() => new RoutingHandler(this);

    private static string Key(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private sealed class RoutingHandler(SimulatedNetwork network) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri ?? throw new InvalidOperationException("No request URI.");
            if (!network._hosts.TryGetValue(Key(uri), out var host))
            {
                throw new HttpRequestException($"Connection refused: no host at {Key(uri)} on the simulated network.");
            }

            return new HttpMessageInvoker(host, disposeHandler: false).SendAsync(request, cancellationToken);
        }
    }

    private sealed class RoundRobinHandler(HttpMessageHandler[] servers) : HttpMessageHandler
    {
        private int _next = -1;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var server = servers[(int)((uint)Interlocked.Increment(ref _next) % (uint)servers.Length)];
            return new HttpMessageInvoker(server, disposeHandler: false).SendAsync(request, cancellationToken);
        }
    }
}
