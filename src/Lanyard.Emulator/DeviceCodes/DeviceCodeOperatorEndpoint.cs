using System.Text.Json;
using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.DeviceCodes;

/// <summary>
/// <c>/_emulator/devicecode</c>, the test hook for device sign-in without a browser. <c>GET</c> lists pending codes
/// (user code, client id, expiry); <c>POST</c> <c>{"userCode": "…", "user": "alice@contoso.test"}</c> approves a
/// code as that user, <c>{"userCode": "…", "decline": true}</c> declines it, with the verification page's checks.
/// </summary>
internal sealed class DeviceCodeOperatorEndpoint(DeviceCodeStore codes, ApproveDeviceCode approve, ILogger<DeviceCodeOperatorEndpoint> logger)
    : IEmulatorEndpoint
{
    public string Pattern => "/_emulator/devicecode";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            var pending = codes.Pending();
            await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("pending");
                foreach (var authorization in pending)
                {
                    w.WriteStartObject();
                    w.WriteString("userCode", authorization.UserCode);
                    w.WriteString("clientId", authorization.ClientId);
                    w.WriteString("expiresAt", authorization.ExpiresAt);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return;
        }

        string? userCode = null;
        string? user = null;
        var decline = false;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var root = body.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                userCode = root.TryGetProperty("userCode", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
                user = root.TryGetProperty("user", out var named) && named.ValueKind == JsonValueKind.String ? named.GetString() : null;
                decline = root.TryGetProperty("decline", out var no) && no.ValueKind == JsonValueKind.True;
            }
        }
        catch (JsonException)
        {
        }

        if (userCode is null || (user is null) == !decline)
        {
            await Refuse(context, "The body must be {\"userCode\": \"…\", \"user\": \"upn\"} to approve or {\"userCode\": \"…\", \"decline\": true} to decline.");
            return;
        }

        switch (approve.Answer(userCode, user, approve: !decline))
        {
            case DeviceAnswer.Answered answered:
                if (answered.User is { } approvedBy)
                {
                    logger.DeviceCodeApproved(approvedBy.UserPrincipalName, answered.Authorization.ClientId);
                }
                else
                {
                    logger.DeviceCodeDeclined(answered.Authorization.ClientId);
                }

                await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("userCode", answered.Authorization.UserCode);
                    w.WriteString("state", answered.User is null ? "declined" : "approved");
                    w.WriteEndObject();
                });
                break;
            case DeviceAnswer.Refused refused:
                await Refuse(context, refused.Reason);
                break;
        }
    }

    private static Task Refuse(HttpContext context, string description) =>
        OAuthStyleError.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid_request", description);
}
