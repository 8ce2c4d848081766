using System.Collections.Concurrent;
using Grpc.Core;
using Lanyard.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Lanyard.IntegrationTests.Otlp;

/// <summary>
/// An OTLP/gRPC trace receiver on 127.0.0.1 (what a collector does, for the messages the vendored
/// opentelemetry-proto defines): every span exported to it, as received. HTTP/2 only, as OTLP/gRPC on a plain
/// port is (prior knowledge).
/// </summary>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpTraceReceiver(WebApplication app, int port, ReceivedSpans spans)
    {
        _app = app;
        Port = port;
        Spans = spans;
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public ReceivedSpans Spans { get; }

    public static async Task<OtlpTraceReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var spans = new ReceivedSpans();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(spans);
        var app = builder.Build();
        app.MapGrpcService<TraceServiceImplementation>();
        await app.StartAsync();
        return new OtlpTraceReceiver(app, port, spans);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The spans received so far, each with the service name of the resource it came with.</summary>
    public sealed class ReceivedSpans
    {
        private readonly ConcurrentQueue<(string Service, Span Span)> _spans = new();

        public int Exports { get; private set; }

        public IReadOnlyList<(string Service, Span Span)> All => [.. _spans];

        internal void Add(ExportTraceServiceRequest request)
        {
            Exports++;
            foreach (var resourceSpans in request.ResourceSpans)
            {
                var service = resourceSpans.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";
                foreach (var span in resourceSpans.ScopeSpans.SelectMany(s => s.Spans))
                {
                    _spans.Enqueue((service, span));
                }
            }
        }
    }

    private sealed class TraceServiceImplementation(ReceivedSpans spans) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            spans.Add(request);
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }
}
