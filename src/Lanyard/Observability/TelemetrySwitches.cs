using Lanyard.Configuration;

namespace Lanyard.Observability;

/// <summary>
/// Which telemetry is on, from the listeners and the standard OpenTelemetry variables (the SDK's environment
/// specification). Everything is off by default:
/// <list type="bullet">
/// <item>Prometheus metrics when <c>metrics_address</c> or <c>metrics_secure_address</c> is set;</item>
/// <item>OTLP traces when <c>OTEL_TRACES_EXPORTER</c> names <c>otlp</c>, or an OTLP endpoint is set
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) and the exporter is not
/// <c>none</c>; OTLP metrics likewise with <c>OTEL_METRICS_EXPORTER</c> and <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c>;</item>
/// <item>nothing at all with <c>OTEL_SDK_DISABLED=true</c>, whatever else is set (the Prometheus scrape too).</item>
/// </list>
/// The OTLP exporter reads the rest itself (protocol, headers, timeouts, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_BSP_*</c>).
/// </summary>
internal sealed record TelemetrySwitches(bool PrometheusMetrics, bool OtlpMetrics, bool OtlpTraces)
{
    public bool AnyMetrics => PrometheusMetrics || OtlpMetrics;

    public bool Any => AnyMetrics || OtlpTraces;

    public static TelemetrySwitches From(ServerOptions server, IConfiguration configuration)
    {
        if (IsTrue(configuration["OTEL_SDK_DISABLED"]))
        {
            return new TelemetrySwitches(false, false, false);
        }

        var endpoint = IsSet(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        return new TelemetrySwitches(
            PrometheusMetrics: server.MetricsAddress is not null || server.MetricsHttpsAddress is not null,
            OtlpMetrics: Otlp(configuration["OTEL_METRICS_EXPORTER"], endpoint || IsSet(configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"])),
            OtlpTraces: Otlp(configuration["OTEL_TRACES_EXPORTER"], endpoint || IsSet(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])));
    }

    /// <summary>An exporter list ("otlp", "otlp,console", "none"): named, or unnamed with an endpoint given.</summary>
    private static bool Otlp(string? exporters, bool endpointGiven)
    {
        if (!IsSet(exporters))
        {
            return endpointGiven;
        }

        var names = exporters!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return !names.Contains("none", StringComparer.OrdinalIgnoreCase) && names.Contains("otlp", StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
