using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary>The headers Entra sends with its metadata and key documents (entra-protocol.md §1.4).</summary>
internal static class StaticDocumentHeaders
{
    public static void Apply(HttpResponse response)
    {
        response.Headers.CacheControl = "max-age=86400, private";
        response.Headers.AccessControlAllowOrigin = "*";
    }
}
