using Lanyard.Endpoints;
using Lanyard.Observability;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Lanyard.Forwarding;

/// <summary>
/// The proxy pipeline's last stage before YARP sends the request: it refuses WebSocket upgrades where
/// <c>proxy_websockets</c> is false, and when the upstream fails it answers with a page that says what happened
/// (504 for <c>upstream_timeout</c>, 502 otherwise) instead of YARP's empty response. The cause goes to the log,
/// never to the client.
/// </summary>
internal sealed class UpstreamTransportStage(UpstreamTable upstreams, ILogger<UpstreamTransportStage> logger)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var routeId = context.GetReverseProxyFeature().Route.Config.RouteId;
        if (upstreams.Find(routeId) is { Transport.ProxyWebSockets: false } && IsUpgrade(context))
        {
            LogEvents.WebSocketRefused(logger, context.Request.Path);
            await ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "WebSockets are off",
                "This upstream does not take WebSocket connections (proxy_websockets is false).");
            return;
        }

        await next();

        if (context.GetForwarderErrorFeature() is not { } failure)
        {
            return;
        }

        var timedOut = failure.Exception is UpstreamTimeoutException || failure.Error == ForwarderError.RequestTimedOut;
        LogEvents.UpstreamFailed(logger, routeId, context.Request.Method, context.Request.Path, failure.Error.ToString(),
            failure.Exception?.Message ?? "no detail");
        if (context.Response.HasStarted || failure.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled)
        {
            // Mid-response there is nothing left to say, and a client that went away hears nothing.
            return;
        }

        await (timedOut
            ? ErrorResponses.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Upstream timed out",
                "The application behind this proxy did not answer in time. Try again in a moment.")
            : ErrorResponses.WriteAsync(context, StatusCodes.Status502BadGateway, "Upstream unavailable",
                "The application behind this proxy could not be reached. Try again in a moment."));
    }

    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;
}
