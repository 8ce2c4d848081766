using Lanyard.Configuration;

namespace Lanyard.Observability;

/// <summary>
/// oauth2-proxy's request metrics (its <c>NewRequestMetrics</c> middleware): <c>oauth2_proxy_requests_total{code}</c>,
/// <c>oauth2_proxy_requests_in_flight</c> and <c>oauth2_proxy_response_duration_seconds{method}</c>, for the requests
/// Lanyard answers as a proxy (its http and https listeners). The dedicated listeners are left out, as oauth2-proxy's
/// metrics server is: the scrape itself, the gRPC ext_authz port and the TokenReview webhook (their answers are
/// counted as decisions and reviews). Outside the error handler, so a 500 or 503 it writes is counted as such. Not
/// added at all when nothing records these metrics; when added, a request costs two timestamps and three
/// measurements that allocate nothing.
/// </summary>
internal static class RequestMetrics
{
    public static WebApplication UseRequestMetrics(this WebApplication app, ServerOptions server)
    {
        // The switches, not the instruments: the MeterProvider that would enable them starts with the host, after this.
        if (app.Services.GetService<TelemetrySwitches>() is not { AnyMetrics: true })
        {
            return app;
        }

        var metrics = app.Services.GetRequiredService<LanyardMetrics>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        int[] ports =
        [
            .. LanyardTelemetryExtensions.MetricsPorts(server),
            .. new[] { server.ExtAuthzGrpc?.Address, server.KubeWebhook?.Address }.OfType<ListenAddress>().Select(a => a.Port),
        ];
        app.Use(async (context, next) =>
        {
            if (context.ArrivedOn(ports))
            {
                await next(context);
                return;
            }

            var started = time.GetTimestamp();
            metrics.RequestStarted();
            var status = StatusCodes.Status500InternalServerError;
            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            finally
            {
                // An exception that got past the error handler is a 500 to the client (Kestrel's own), and counted so.
                metrics.RequestEnded(status, context.Request.Method, time.GetElapsedTime(started));
            }
        });
        return app;
    }
}
