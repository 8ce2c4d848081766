using Lanyard.Configuration;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lanyard.Observability;

/// <summary>
/// OpenTelemetry, only as far as <see cref="TelemetrySwitches"/> turns it on: no MeterProvider without a metrics
/// listener or OTLP metrics, no TracerProvider without OTLP traces, and nothing registered at all when everything
/// is off, so <see cref="LanyardMetrics"/> and <see cref="LanyardTracing"/> have no listener and cost one check.
/// </summary>
internal static class LanyardTelemetryExtensions
{
    /// <summary>The client spans under a request: the token endpoint, Graph, discovery and upstream calls (.NET's own HttpClient activities).</summary>
    private const string HttpClientSource = "System.Net.Http";

    public static IServiceCollection AddLanyardTelemetry(this IServiceCollection services, ServerOptions server, IConfiguration configuration)
    {
        var switches = TelemetrySwitches.From(server, configuration);
        services.AddSingleton(switches);
        if (!switches.Any)
        {
            return services;
        }

        // service.name "lanyard" unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES say otherwise: the variables are
        // read again after it, and the later detector wins.
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource
            .AddService("lanyard", serviceVersion: Endpoints.LanyardVersion.Current)
            .AddEnvironmentVariableDetector());

        if (switches.AnyMetrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(LanyardMetrics.MeterName);
                if (switches.PrometheusMetrics)
                {
                    metrics.AddPrometheusExporter(prometheus =>
                    {
                        // oauth2-proxy's series carry no otel_scope_* labels; dashboards written for it match exactly.
                        prometheus.ScopeInfoEnabled = false;
                        // Every scrape sees the counters as they are (a cached answer made a fresh count look stale).
                        prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                    });
                }

                if (switches.OtlpMetrics)
                {
                    metrics.AddOtlpExporter();
                }
            });
        }

        if (switches.OtlpTraces)
        {
            var metricsPorts = MetricsPorts(server);
            telemetry.WithTracing(tracing => tracing
                .AddSource(LanyardTracing.SourceName)
                .AddSource(HttpClientSource)
                .AddAspNetCoreInstrumentation(aspnet =>
                {
                    // The scrape is not a request anyone traces.
                    aspnet.Filter = context => !context.ArrivedOn(metricsPorts);
                })
                .AddOtlpExporter());
        }

        return services;
    }

    public static int[] MetricsPorts(ServerOptions server) =>
        [.. new[] { server.MetricsAddress, server.MetricsHttpsAddress }.OfType<ListenAddress>().Select(a => a.Port)];

    /// <summary>Whether the request came in on one of <paramref name="ports"/> (a dedicated listener's: metrics, gRPC, webhook).</summary>
    public static bool ArrivedOn(this HttpContext context, int[] ports) =>
        ports.Length > 0 && Array.IndexOf(ports, context.Connection.LocalPort) >= 0;
}
