using System.Diagnostics.Metrics;
using Lanyard.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Lanyard.Tests.Observability;

/// <summary>
/// <see cref="LanyardMetrics"/>' instruments: their names, units and labels as recorded (MetricCollector), the
/// bounded labels (method, status), and that a measurement allocates nothing under the OpenTelemetry SDK.
/// </summary>
public sealed class LanyardMetricsTests
{
    [Fact]
    public void RequestEnded_CountsTheStatus_TimesTheMethod_AndLeavesNothingInFlight()
    {
        using var services = Services();
        var metrics = services.GetRequiredService<LanyardMetrics>();
        using var requests = Collector<long>(services, "oauth2_proxy_requests");
        using var inFlight = Collector<long>(services, "oauth2_proxy_requests_in_flight");
        using var duration = Collector<double>(services, "oauth2_proxy_response_duration");

        metrics.RequestStarted();
        metrics.RequestEnded(202, "GET", TimeSpan.FromMilliseconds(3));
        metrics.RequestStarted();
        metrics.RequestEnded(403, "BREW", TimeSpan.FromMilliseconds(5));

        Assert.Equal(["202", "403"], requests.GetMeasurementSnapshot().Select(m => m.Tags["code"]));
        Assert.Equal([1L, -1L, 1L, -1L], inFlight.GetMeasurementSnapshot().Select(m => m.Value));
        var recorded = duration.GetMeasurementSnapshot();
        Assert.Equal(["get", "other"], recorded.Select(m => m.Tags["method"]));
        Assert.Equal(0.003, recorded[0].Value, 6);
        Assert.Equal("s", duration.Instrument!.Unit);
    }

    [Fact]
    public void AccessDecided_LabelsResultRuleAndCaller()
    {
        using var services = Services();
        var metrics = services.GetRequiredService<LanyardMetrics>();
        using var decisions = Collector<long>(services, "lanyard_access_decisions");

        metrics.AccessDecided("denied", "allowed_groups", AccessCaller.ExtAuthzGrpc);

        var measurement = Assert.Single(decisions.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("denied", measurement.Tags["result"]);
        Assert.Equal("allowed_groups", measurement.Tags["rule"]);
        Assert.Equal("ext_authz_grpc", measurement.Tags["caller"]);
    }

    [Theory]
    [InlineData("lanyard_sign_ins", "outcome")]
    [InlineData("lanyard_session_refreshes", "outcome")]
    [InlineData("lanyard_graph_requests", "outcome")]
    [InlineData("lanyard_jwks_refreshes", "outcome")]
    [InlineData("lanyard_token_reviews", "result")]
    public void OneLabelCounters_CountByTheirLabel(string instrument, string label)
    {
        using var services = Services();
        var metrics = services.GetRequiredService<LanyardMetrics>();
        using var collector = Collector<long>(services, instrument);

        Action<string> record = instrument switch
        {
            "lanyard_sign_ins" => metrics.SignIn,
            "lanyard_session_refreshes" => metrics.Refresh,
            "lanyard_graph_requests" => metrics.GraphRequest,
            "lanyard_jwks_refreshes" => metrics.JwksRefresh,
            _ => metrics.TokenReview,
        };
        record("first");
        record("second");

        Assert.Equal(["first", "second"], collector.GetMeasurementSnapshot().Select(m => m.Tags[label]));
    }

    [Fact]
    public void StoreAndTokenMetrics_CarryTheirTwoLabels()
    {
        using var services = Services();
        var metrics = services.GetRequiredService<LanyardMetrics>();
        using var duration = Collector<double>(services, "lanyard_session_store_duration");
        using var errors = Collector<long>(services, "lanyard_session_store_errors");
        using var tokens = Collector<long>(services, "lanyard_token_requests");

        metrics.StoreOperation("redis", "load", TimeSpan.FromMilliseconds(2));
        metrics.StoreError("redis", "save");
        metrics.TokenRequest("refresh_token", "refused");

        var stored = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal(("redis", "load"), (stored.Tags["store"], stored.Tags["operation"]));
        var error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal(("redis", "save"), (error.Tags["store"], error.Tags["operation"]));
        var token = Assert.Single(tokens.GetMeasurementSnapshot());
        Assert.Equal(("refresh_token", "refused"), (token.Tags["grant"], token.Tags["outcome"]));
    }

    [Fact]
    public void AMeasurement_AllocatesNothing_UnderTheOpenTelemetrySdk()
    {
        using var services = Services();
        var metrics = services.GetRequiredService<LanyardMetrics>();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(LanyardMetrics.MeterName)
            .AddReader(new BaseExportingMetricReader(new DiscardingExporter()))
            .Build();

        void RecordRequest()
        {
            metrics.RequestStarted();
            metrics.RequestEnded(200, "GET", TimeSpan.FromMilliseconds(1));
            metrics.AccessDecided("allow", "", AccessCaller.Proxy);
            metrics.StoreOperation("cookie", "load", TimeSpan.FromMilliseconds(0.1));
        }

        // The first measurement of each series makes it; from then on nothing.
        RecordRequest();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            RecordRequest();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<LanyardMetrics>();
        return services.BuildServiceProvider();
    }

    private static MetricCollector<T> Collector<T>(IServiceProvider services, string instrument)
        where T : struct =>
        new(services.GetRequiredService<IMeterFactory>(), LanyardMetrics.MeterName, instrument);

    private sealed class DiscardingExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
