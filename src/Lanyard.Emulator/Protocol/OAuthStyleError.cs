using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Protocol;

/// <summary>
/// The plain <c>{"error", "error_description"}</c> body of the endpoints that are not Entra's token endpoint: IMDS
/// (whose errors look like this, §7.1), the hosted federated issuers and the operator API.
/// </summary>
internal static class OAuthStyleError
{
    public static Task WriteAsync(HttpContext context, int statusCode, string error, string description) =>
        JsonResponse.WriteAsync(context, statusCode, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error);
            w.WriteString("error_description", description);
            w.WriteEndObject();
        });
}
