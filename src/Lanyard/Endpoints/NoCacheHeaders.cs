namespace Lanyard.Endpoints;

/// <summary>oauth2-proxy's no-cache set for <c>/oauth2/*</c> answers (all but <c>/oauth2/auth</c>, which nginx may micro-cache).</summary>
internal static class NoCacheHeaders
{
    public static void Apply(HttpResponse response)
    {
        response.Headers.CacheControl = "no-cache, no-store, must-revalidate, max-age=0";
        response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 UTC";
        response.Headers["X-Accel-Expires"] = "0";
    }
}
