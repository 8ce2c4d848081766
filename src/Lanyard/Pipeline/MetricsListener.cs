using Lanyard.Configuration;
using Lanyard.Endpoints;
using Lanyard.Observability;

namespace Lanyard.Pipeline;

/// <summary>
/// <c>metrics_address</c> / <c>metrics_secure_address</c>: their own listeners, so a scrape port can stay inside the
/// cluster and never reaches the proxy. They serve the Prometheus scrape (OpenTelemetry's exporter, text
/// exposition) at <c>GET /metrics</c>, the path oauth2-proxy's Helm chart and every ServiceMonitor use; any other
/// path is a 404 (oauth2-proxy answers metrics on every path: nothing scrapes those). Nothing on them is proxied
/// or signs anyone in, and no other listener serves metrics. <c>OTEL_SDK_DISABLED=true</c> leaves the listener up
/// with nothing to scrape: a 404 that says so.
/// </summary>
internal static class MetricsListener
{
    public const string ScrapePath = "/metrics";

    public static WebApplication UseMetricsListener(this WebApplication app, ServerOptions server)
    {
        var ports = LanyardTelemetryExtensions.MetricsPorts(server);
        if (ports.Length == 0)
        {
            return app;
        }

        var serving = app.Services.GetService<TelemetrySwitches>() is { PrometheusMetrics: true };
        if (serving)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
                context.ArrivedOn(ports)
                && context.Request.Path.Equals(ScrapePath, StringComparison.Ordinal)
                && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)));
        }

        var notHere = serving
            ? "This is Lanyard's metrics listener: it serves GET /metrics and nothing else."
            : "This is Lanyard's metrics listener; metrics are off (OTEL_SDK_DISABLED).";
        app.Use((context, next) => context.ArrivedOn(ports)
            ? ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", notHere)
            : next(context));
        return app;
    }
}
