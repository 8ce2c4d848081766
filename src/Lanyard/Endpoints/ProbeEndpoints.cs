using Lanyard.Providers.Oidc;
using Lanyard.Sessions;

namespace Lanyard.Endpoints;

/// <summary><c>/ping</c> (alive) and <c>/ready</c> (provider metadata loaded, session store reachable), answered before any auth.</summary>
internal static class ProbeEndpoints
{
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
