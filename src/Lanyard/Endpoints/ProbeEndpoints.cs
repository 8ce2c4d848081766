using Lanyard.Configuration;
using Lanyard.Observability;
using Lanyard.Providers.Oidc;
using Lanyard.Sessions;

namespace Lanyard.Endpoints;

/// <summary>
/// <c>ping_path</c> (alive) and <c>ready_path</c> (provider metadata loaded, session store reachable), answered
/// before any auth, on any method, as oauth2-proxy's health-check middleware does: the path must match exactly
/// (case and all), and with <c>ping_user_agent</c> set the User-Agent too. Anything else goes on, so a path that
/// is only almost a probe reaches the proxy and its sign-in like any other.
/// </summary>
internal static class ProbeEndpoints
{
    public static WebApplication UseProbes(this WebApplication app, ProbeOptions probes)
    {
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            if (probes.PingPath.Length > 0 && string.Equals(path, probes.PingPath, StringComparison.Ordinal) && IsPingAgent(context.Request, probes))
            {
                RequestLog.MarkProbe(context);
                return Ping(context);
            }

            if (probes.ReadyPath.Length > 0 && string.Equals(path, probes.ReadyPath, StringComparison.Ordinal))
            {
                RequestLog.MarkProbe(context);
                var services = context.RequestServices;
                return Ready(context, services.GetRequiredService<OidcProvider>(), services.GetRequiredService<ISessionStore>());
            }

            return next(context);
        });
        return app;
    }

    private static bool IsPingAgent(HttpRequest request, ProbeOptions probes) =>
        probes.PingUserAgent is null || string.Equals(request.Headers.UserAgent.ToString(), probes.PingUserAgent, StringComparison.Ordinal);

    public static Task Ping(HttpContext context) => WriteText(context, StatusCodes.Status200OK, "OK");

    public static async Task Ready(HttpContext context, OidcProvider provider, ISessionStore sessions)
    {
        if (!provider.IsReady)
        {
            await WriteText(context, StatusCodes.Status503ServiceUnavailable, "error: identity provider metadata not loaded yet");
        }
        else if (!await sessions.IsReadyAsync())
        {
            await WriteText(context, StatusCodes.Status503ServiceUnavailable, "error: session store unreachable");
        }
        else
        {
            await WriteText(context, StatusCodes.Status200OK, "OK");
        }
    }

    private static Task WriteText(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }
}
