using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Operator;

/// <summary><c>GET /_emulator/stats</c>: the <see cref="EmulatorStatistics"/> counters, for tests that run the emulator as a process.</summary>
internal sealed class StatsEndpoint(EmulatorStatistics statistics) : IEmulatorEndpoint
{
    public string Pattern => "/_emulator/stats";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

    public Task HandleAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("authorizationCodeRedemptions", statistics.AuthorizationCodeRedemptions);
            w.WriteNumber("refreshTokenRedemptions", statistics.RefreshTokenRedemptions);
            w.WriteNumber("clientAssertionsAccepted", statistics.ClientAssertionsAccepted);
            w.WriteNumber("graphRequests", statistics.GraphRequests);
            w.WriteNumber("managedIdentityTokens", statistics.ManagedIdentityTokens);
            w.WriteNumber("federationTokens", statistics.FederationTokens);
            w.WriteNumber("keySetRequests", statistics.KeySetRequests);
            w.WriteNumber("discoveryRequests", statistics.DiscoveryRequests);
            w.WriteNumber("deviceCodesIssued", statistics.DeviceCodesIssued);
            w.WriteNumber("deviceCodeRedemptions", statistics.DeviceCodeRedemptions);
            w.WriteNumber("clientCredentialsTokens", statistics.ClientCredentialsTokens);
            w.WriteEndObject();
        });
    }
}
