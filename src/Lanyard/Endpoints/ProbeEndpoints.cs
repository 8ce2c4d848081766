using Lanyard.Providers.Oidc;

namespace Lanyard.Endpoints;

/// <summary><c>/ping</c> (alive) and <c>/ready</c> (the provider's metadata is loaded), answered before any auth.</summary>
internal static class ProbeEndpoints
{
    public static Task Ping(HttpContext context) => WriteText(context, StatusCodes.Status200OK, "OK");

    public static Task Ready(HttpContext context, OidcProvider provider) =>
        provider.IsReady
            ? WriteText(context, StatusCodes.Status200OK, "OK")
            : WriteText(context, StatusCodes.Status503ServiceUnavailable, "error: identity provider metadata not loaded yet");

    private static Task WriteText(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }
}
