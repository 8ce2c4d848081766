using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Protocol;

/// <summary>JSON written by hand with <see cref="Utf8JsonWriter"/>, so field order and shape follow Entra's documents.</summary>
internal static class JsonResponse
{
    // Everything written here is served as application/json or base64url-encoded into a JWT, never embedded in
    // HTML, so the relaxed encoder is safe; it keeps texts readable ('client_id', not \u0027client_id\u0027).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static async Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write, string contentType = "application/json; charset=utf-8")
    {
        var body = Serialize(write);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
