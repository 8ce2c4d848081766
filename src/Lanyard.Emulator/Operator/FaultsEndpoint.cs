using System.Text.Json;
using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Operator;

/// <summary>
/// <c>GET /_emulator/faults</c> reads the <see cref="EmulatorFaults"/> switches; <c>POST</c> with a JSON object sets
/// the ones it names (camelCase property names) and answers with all of them. Nothing is changed unless every named
/// switch exists and has the right type, so a typo cannot half-apply.
/// </summary>
internal sealed class FaultsEndpoint(EmulatorFaults faults, ILogger<FaultsEndpoint> logger) : IEmulatorEndpoint
{
    private static readonly string[] Known =
    [
        "signTokensWithUnpublishedKey", "corruptTokenSignatures", "strictRefreshTokenRotation", "graphThrottleResponses", "graphUnavailable",
        "revokeRefreshTokens", "tokenEndpointDelayMilliseconds", "backdateTokensSeconds",
    ];

    public string Pattern => "/_emulator/faults";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    public async Task HandleAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            var changes = new List<Action>();
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
                if (body.RootElement.ValueKind != JsonValueKind.Object)
                {
                    await RefuseAsync(context, "The body must be a JSON object of fault switches.");
                    return;
                }

                foreach (var property in body.RootElement.EnumerateObject())
                {
                    if (Change(property) is not { } change)
                    {
                        await RefuseAsync(context, $"'{property.Name}' is not a fault switch of that type; known: {string.Join(", ", Known)}.");
                        return;
                    }

                    changes.Add(change);
                }
            }
            catch (JsonException)
            {
                await RefuseAsync(context, "The body is not JSON.");
                return;
            }

            changes.ForEach(apply => apply());
            logger.FaultsChanged(changes.Count);
        }

        context.Response.Headers.CacheControl = "no-store";
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean(Known[0], faults.SignTokensWithUnpublishedKey);
            w.WriteBoolean(Known[1], faults.CorruptTokenSignatures);
            w.WriteBoolean(Known[2], faults.StrictRefreshTokenRotation);
            w.WriteNumber(Known[3], faults.GraphThrottleResponses);
            w.WriteBoolean(Known[4], faults.GraphUnavailable);
            w.WriteBoolean(Known[5], faults.RevokeRefreshTokens);
            w.WriteNumber(Known[6], faults.TokenEndpointDelayMilliseconds);
            w.WriteNumber(Known[7], faults.BackdateTokensSeconds);
            w.WriteEndObject();
        });
    }

    private static Task RefuseAsync(HttpContext context, string description) =>
        OAuthStyleError.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request", description);

    private Action? Change(JsonProperty property)
    {
        var value = property.Value;
        bool? flag = value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
        return property.Name switch
        {
            "signTokensWithUnpublishedKey" when flag is { } on => () => faults.SignTokensWithUnpublishedKey = on,
            "corruptTokenSignatures" when flag is { } on => () => faults.CorruptTokenSignatures = on,
            "strictRefreshTokenRotation" when flag is { } on => () => faults.StrictRefreshTokenRotation = on,
            "graphUnavailable" when flag is { } on => () => faults.GraphUnavailable = on,
            "revokeRefreshTokens" when flag is { } on => () => faults.RevokeRefreshTokens = on,
            "graphThrottleResponses" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0 =>
                () => faults.GraphThrottleResponses = count,
            "tokenEndpointDelayMilliseconds" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var delay) && delay >= 0 =>
                () => faults.TokenEndpointDelayMilliseconds = delay,
            "backdateTokensSeconds" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var seconds) && seconds >= 0 =>
                () => faults.BackdateTokensSeconds = seconds,
            _ => null,
        };
    }
}
