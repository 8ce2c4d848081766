using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Graph;

/// <summary>
/// What every endpoint on the emulator's Microsoft Graph host does before and after its own work, in Graph's order:
/// the fault switches first (an outage or throttling answers before any token is looked at, as Graph's front door
/// does), then the token check, then the endpoint; a refusal at any step is logged and written as Graph's error
/// envelope (entra-protocol.md §5.3), and only a request answered with success is counted in
/// <see cref="EmulatorStatistics.GraphRequests"/>.
/// </summary>
internal sealed class GraphRequestFront(
    EmulatorFaults faults,
    EmulatorStatistics statistics,
    AuthenticateGraphCaller authenticate,
    GraphResponseWriter responses,
    ILogger<GraphRequestFront> logger)
{
    /// <param name="serve">The endpoint's own work for an authenticated caller: it writes a success response and
    /// returns null, or returns the error to answer with (and writes nothing).</param>
    public async Task ServeAsync(HttpContext context, Func<HttpContext, GraphCaller, Task<GraphError?>> serve)
    {
        if (await ProcessAsync(context, serve) is { } error)
        {
            logger.GraphRequestRefused(context.Request.Method, error.StatusCode, error.Code);
            await responses.WriteErrorAsync(context, error);
            return;
        }

        statistics.CountGraphRequest();
    }

    private async Task<GraphError?> ProcessAsync(HttpContext context, Func<HttpContext, GraphCaller, Task<GraphError?>> serve)
    {
        if (faults.GraphUnavailable)
        {
            return GraphErrors.Unavailable();
        }

        if (faults.TryTakeGraphThrottle())
        {
            return GraphErrors.TooManyRequests();
        }

        switch (authenticate.Authenticate(context.Request))
        {
            case GraphAuthentication.Authenticated authenticated:
                return await serve(context, authenticated.Caller);
            case GraphAuthentication.Failed failed:
                return failed.Error;
            default:
                return GraphErrors.InvalidSignature();
        }
    }
}
