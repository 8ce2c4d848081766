using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Operator;

/// <summary>
/// <c>POST /_emulator/keys/rotate</c>: a new signing key becomes active and the old ones stay published, as in an
/// Entra key roll (§9), so an end-to-end test can check that a relying party follows a new <c>kid</c>.
/// </summary>
internal sealed class RotateKeysEndpoint(SigningKeys keys, ILogger<RotateKeysEndpoint> logger) : IEmulatorEndpoint
{
    public string Pattern => "/_emulator/keys/rotate";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Post];

    public Task HandleAsync(HttpContext context)
    {
        var keyId = keys.Rotate();
        logger.SigningKeysRotated(keyId);
        context.Response.Headers.CacheControl = "no-store";
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("kid", keyId);
            w.WriteStartArray("published");
            foreach (var published in keys.PublishedKeyIds)
            {
                w.WriteStringValue(published);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
