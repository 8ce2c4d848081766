using Lanyard.Configuration;
using Lanyard.Pipeline;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace Lanyard.Observability;

/// <summary>
/// oauth2-proxy's request log (<c>request_logging</c>, <c>request_logging_format</c>): one line per request once
/// it is answered, in the configured format, on the <see cref="LogCategories.Requests"/> category, which the
/// console prints as the bare line. Paths in <c>exclude_logging_paths</c> are not logged, nor probes with
/// <c>silence_ping_logging</c>, nor metrics scrapes (<c>metrics_address</c>: oauth2-proxy's metrics server logs none
/// either, and a scrape every 15 s would bury the lines that matter). While the request runs, a
/// <see cref="RequestLogScope"/> tells the auth log (sign-in lines) who the client is. The line has no field for a
/// token or cookie, and the query's credentials are redacted.
/// </summary>
internal static class RequestLog
{
    public static WebApplication UseRequestLog(this WebApplication app, LoggingOptions options, ServerOptions server)
    {
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger(LogCategories.Requests);
        // The scope is for the auth lines, so it is begun on their category: it is there even when request lines are filtered off.
        var auditScopes = loggers.CreateLogger(LogCategories.Audit);
        var time = app.Services.GetRequiredService<TimeProvider>();
        if (!options.Requests)
        {
            // No request lines to write: only the scope the auth lines read, and nothing at all without them.
            if (options.Auth)
            {
                app.Use(async (context, next) =>
                {
                    using var scope = auditScopes.BeginScope(new RequestLogScope(context));
                    await next(context);
                });
            }

            return app;
        }

        var metricsPorts = LanyardTelemetryExtensions.MetricsPorts(server);
        app.Use(async (context, next) =>
        {
            if (context.ArrivedOn(metricsPorts))
            {
                await next(context);
                return;
            }

            var started = time.GetTimestamp();
            var body = new CountingResponseBody(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
            context.Features.Set<IHttpResponseBodyFeature>(body);
            context.Features.Set(body);
            using var scope = auditScopes.BeginScope(new RequestLogScope(context));
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(body.Inner);
                if (ShouldLog(context, body, options))
                {
                    Requested(logger, new RequestLogEntry(options.RequestFormat, Facts(context, body, time.GetUtcNow(), time.GetElapsedTime(started))));
                }
            }
        });
        return app;
    }

    /// <summary>A probe answered this request: <c>silence_ping_logging</c> leaves it out of the log.</summary>
    public static void MarkProbe(HttpContext context)
    {
        if (context.Features.Get<CountingResponseBody>() is { } body)
        {
            body.AnsweredProbe = true;
        }
    }

    private static bool ShouldLog(HttpContext context, CountingResponseBody body, LoggingOptions options) =>
        !(options.SilencePing && body.AnsweredProbe) &&
        !(options.ExcludePaths.Count > 0 && options.ExcludePaths.Contains(context.Request.Path.Value ?? ""));

    private static LogLineFacts Facts(HttpContext context, CountingResponseBody body, DateTimeOffset now, TimeSpan duration)
    {
        var request = context.Request;
        var identity = ResolveRequestIdentity.Resolved(context)?.Identity;
        return new LogLineFacts
        {
            Client = context.Connection.RemoteIpAddress,
            Host = request.Host.Value,
            Protocol = request.Protocol,
            RequestId = context.TraceIdentifier,
            Method = request.Method,
            RequestTarget = request.Path.ToUriComponent() + request.QueryString.ToUriComponent(),
            UserAgent = request.Headers.UserAgent.ToString(),
            Username = identity?.Email ?? identity?.User,
            Upstream = context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.Model.Config.Address,
            Timestamp = now,
            StatusCode = context.Response.StatusCode,
            ResponseSize = body.BytesWritten,
            Duration = duration,
        };
    }

    /// <summary>Event 4001. Not a [LoggerMessage]: its state is the line's facts (<see cref="RequestLogEntry"/>), so the
    /// JSON log writes them as fields and the text log formats them only when the line is written.</summary>
    public static readonly EventId RequestedEvent = new(4001, "Requested");

    private static void Requested(ILogger logger, RequestLogEntry entry)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Log(LogLevel.Information, RequestedEvent, entry, null, RequestLogEntry.Formatter);
        }
    }
}
