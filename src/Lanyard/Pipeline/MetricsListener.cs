using Lanyard.Configuration;
using Lanyard.Endpoints;

namespace Lanyard.Pipeline;

/// <summary>
/// <c>metrics_address</c> / <c>metrics_secure_address</c>: their own listeners, so a scrape port can stay inside the
/// cluster and never reaches the proxy. What they serve (<c>/metrics</c>) is the observability work's; until then
/// every request there is a 404 that says so, and nothing on them is proxied or signs anyone in.
/// </summary>
internal static class MetricsListener
{
    public static WebApplication UseMetricsListener(this WebApplication app, ServerOptions server)
    {
        int[] ports = [.. new[] { server.MetricsAddress, server.MetricsHttpsAddress }.OfType<ListenAddress>().Select(a => a.Port)];
        if (ports.Length == 0)
        {
            return app;
        }

        app.Use((context, next) => ports.Contains(context.Connection.LocalPort)
            ? ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "This is Lanyard's metrics listener; it serves no metrics yet.")
            : next(context));
        return app;
    }
}
