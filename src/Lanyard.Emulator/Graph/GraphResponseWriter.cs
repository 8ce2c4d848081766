using System.Globalization;
using System.Text.Json;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Graph;

/// <summary>Writes Graph responses: OData JSON with Graph's request-id headers, and the error envelope of §5.3.</summary>
internal sealed class GraphResponseWriter(TimeProvider time)
{
    private const string ODataJson = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    public static Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        Stamp(context);
        return JsonResponse.WriteAsync(context, statusCode, write, ODataJson);
    }

    public Task WriteErrorAsync(HttpContext context, GraphError error)
    {
        var (requestId, clientRequestId) = Stamp(context);
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        // RFC 6750 §3: a 401 names the scheme; Graph adds where to get a token, which clients may log.
        if (error.StatusCode == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate =
                $"Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"{WellKnownIds.GraphAppId}\"";
        }

        return JsonResponse.WriteAsync(context, error.StatusCode, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", error.Code);
            w.WriteString("message", error.Message);
            w.WriteStartObject("innerError");

            // Graph's innerError date has no zone designator and no fractions.
            w.WriteString("date", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteString("request-id", requestId);
            w.WriteString("client-request-id", clientRequestId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    // Graph echoes the client's client-request-id, or reuses its own request id when the client sent none.
    private static (string RequestId, string ClientRequestId) Stamp(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString("D");
        var sent = context.Request.Headers["client-request-id"].ToString();
        var clientRequestId = sent.Length > 0 && sent.Length <= 100 ? sent : requestId;
        context.Response.Headers["request-id"] = requestId;
        context.Response.Headers["client-request-id"] = clientRequestId;
        return (requestId, clientRequestId);
    }
}
