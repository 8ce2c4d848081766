using Lanyard.Configuration;
using Lanyard.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Lanyard.Tests.Observability;

/// <summary>
/// Which telemetry the listeners and the standard <c>OTEL_*</c> variables turn on, and that with none of them no
/// OpenTelemetry provider is even registered.
/// </summary>
public sealed class TelemetrySwitchesTests
{
    private static readonly ServerOptions NoMetricsListener = new(HttpAddress: null);
    private static readonly ServerOptions MetricsListener = new(HttpAddress: null, MetricsAddress: new ListenAddress("127.0.0.1", 9100));

    [Theory]
    // Nothing set: everything off.
    [InlineData("", false, false)]
    [InlineData("OTEL_TRACES_EXPORTER=otlp", true, false)]
    [InlineData("OTEL_TRACES_EXPORTER=console,otlp", true, false)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317", true, true)]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:4317/v1/traces", true, false)]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=http://127.0.0.1:4317/v1/metrics", false, true)]
    [InlineData("OTEL_METRICS_EXPORTER=otlp", false, true)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317;OTEL_TRACES_EXPORTER=none", false, true)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317;OTEL_METRICS_EXPORTER=none", true, false)]
    [InlineData("OTEL_TRACES_EXPORTER=zipkin", false, false)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317;OTEL_SDK_DISABLED=true", false, false)]
    [InlineData("OTEL_TRACES_EXPORTER=otlp;OTEL_SDK_DISABLED=TRUE", false, false)]
    [InlineData("OTEL_TRACES_EXPORTER=otlp;OTEL_SDK_DISABLED=false", true, false)]
    public void OtlpFollowsTheStandardVariables(string variables, bool traces, bool otlpMetrics)
    {
        var switches = TelemetrySwitches.From(NoMetricsListener, Configuration(variables));

        Assert.Equal(traces, switches.OtlpTraces);
        Assert.Equal(otlpMetrics, switches.OtlpMetrics);
        Assert.False(switches.PrometheusMetrics);
    }

    [Fact]
    public void AMetricsListener_TurnsOnPrometheus_UnlessTheSdkIsDisabled()
    {
        Assert.True(TelemetrySwitches.From(MetricsListener, Configuration("")).PrometheusMetrics);
        Assert.True(TelemetrySwitches.From(new ServerOptions(HttpAddress: null, MetricsHttpsAddress: new ListenAddress("127.0.0.1", 9443)), Configuration("")).PrometheusMetrics);
        Assert.False(TelemetrySwitches.From(MetricsListener, Configuration("OTEL_SDK_DISABLED=true")).Any);
    }

    [Fact]
    public void NothingOn_RegistersNoOpenTelemetryProvider()
    {
        var services = new ServiceCollection();
        services.AddLanyardTelemetry(NoMetricsListener, Configuration(""));

        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
        Assert.Null(provider.GetService<MeterProvider>());
        Assert.False(provider.GetRequiredService<TelemetrySwitches>().Any);
    }

    [Fact]
    public void MetricsListenerAlone_BuildsAMeterProvider_AndNoTracerProvider()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLanyardTelemetry(MetricsListener, Configuration(""));

        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<MeterProvider>());
        Assert.Null(provider.GetService<TracerProvider>());
    }

    private static IConfiguration Configuration(string variables) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .Select(pair => new KeyValuePair<string, string?>(pair[0], pair[1])))
            .Build();
}
