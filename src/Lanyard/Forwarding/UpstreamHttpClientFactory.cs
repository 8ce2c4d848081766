using System.Net.Sockets;
using Lanyard.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Lanyard.Forwarding;

/// <summary>
/// YARP's HTTP client for each upstream (cluster id = upstream id), with what oauth2-proxy's Go transport does and
/// YARP's config cannot say: connecting through a unix socket, <c>upstream_timeout</c> as a limit on the wait for
/// response headers only (bodies, event streams and WebSockets may run longer), and <c>disable_keep_alives</c>.
/// Trace context: with traces exported, each forward is a client span and its <c>traceparent</c> goes upstream;
/// without, no span is made and the client's own <c>traceparent</c> and <c>tracestate</c> travel upstream as sent.
/// </summary>
internal sealed class UpstreamHttpClientFactory(UpstreamTable upstreams, TimeProvider time, Observability.TelemetrySwitches telemetry) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        if (!telemetry.OtlpTraces)
        {
            // No propagator, no DiagnosticsHandler in the chain: it would start an Activity and rewrite the trace
            // headers on every forward (3% of a proxied request's CPU in bench/profile.sh) for spans nobody exports.
            handler.ActivityHeadersPropagator = null;
        }

        if (upstreams.Find(context.ClusterId)?.UnixSocket is { } path)
        {
            var endpoint = new UnixDomainSocketEndPoint(path);
            handler.ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler)
    {
        var wrapped = base.WrapHandler(context, handler);
        return upstreams.Find(context.ClusterId) is { } upstream
            ? new UpstreamTransportHandler(upstream.Transport, time) { InnerHandler = wrapped }
            : wrapped;
    }
}

/// <summary>
/// The per-request half of <see cref="UpstreamTransport"/>. YARP reads the response with ResponseHeadersRead, so
/// SendAsync returns at the headers: a deadline on it is Go's ResponseHeaderTimeout, and the body is not cut short.
/// </summary>
internal sealed class UpstreamTransportHandler(UpstreamTransport transport, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (transport.DisableKeepAlives)
        {
            request.Headers.ConnectionClose = true;
        }

        if (transport.ResponseHeaderTimeout == Timeout.InfiniteTimeSpan)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        using var deadline = new CancellationTokenSource(transport.ResponseHeaderTimeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await base.SendAsync(request, either.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamTimeoutException(transport.ResponseHeaderTimeout);
        }
    }
}

/// <summary>The upstream sent no response headers within <c>upstream_timeout</c>.</summary>
internal sealed class UpstreamTimeoutException(TimeSpan timeout)
    : TimeoutException($"the upstream sent no response headers within upstream_timeout ({timeout})");
