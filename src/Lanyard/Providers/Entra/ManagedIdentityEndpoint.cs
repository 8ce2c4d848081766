using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lanyard.Providers.Oidc;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Providers.Entra;

/// <summary>
/// One token from the instance metadata endpoint (IMDS, entra-protocol.md §7.1): a GET with <c>Metadata: true</c>,
/// string-valued JSON back. The proxy asks it for <c>api://AzureADTokenExchange</c> (its client assertion,
/// <see cref="ManagedIdentityAssertion"/>), <c>lanyard kubectl get-token --login msi</c> for the cluster's server app.
/// Why not Azure.Identity's ManagedIdentityCredential: its IMDS address can only be moved through a process-wide
/// environment variable, and both callers take the address as a setting so tests and the emulator can stand in for IMDS.
/// </summary>
internal sealed class ManagedIdentityEndpoint(HttpClient http, TimeProvider time)
{
    /// <summary>How long a token whose answer has no usable <c>expires_on</c> is taken to live: not long.</summary>
    public static readonly TimeSpan AssumedLifetime = TimeSpan.FromMinutes(10);

    /// <param name="clientId">A user-assigned identity's client id, or null for the system-assigned identity.</param>
    /// <exception cref="ClientAssertionUnavailableException">No token; the message says why, in one line.</exception>
    public async Task<ManagedIdentityAccessToken> RequestAsync(Uri endpoint, string? clientId, string resource, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string?> { ["api-version"] = "2018-02-01", ["resource"] = resource };
        if (clientId is not null)
        {
            query["client_id"] = clientId;
        }

        var url = QueryHelpers.AddQueryString(new Uri(endpoint, "/metadata/identity/oauth2/token").AbsoluteUri, query);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Metadata", "true");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ClientAssertionUnavailableException($"the managed identity endpoint {endpoint} answered {(int)response.StatusCode}{await ErrorOfAsync(response, cancellationToken)}");
            }

            var body = await response.Content.ReadFromJsonAsync(ManagedIdentityJsonContext.Default.ManagedIdentityTokenResponse, cancellationToken);
            if (body?.AccessToken is not { Length: > 0 } token)
            {
                throw new ClientAssertionUnavailableException($"the managed identity endpoint {endpoint} answered without an access_token");
            }

            // IMDS sends numbers as strings (§7.1); without a usable expiry, take the token to be short-lived.
            var expiresOn = long.TryParse(body.ExpiresOn, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : time.GetUtcNow() + AssumedLifetime;
            return new ManagedIdentityAccessToken(token, expiresOn);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = e is TaskCanceledException ? "did not answer in time" : $"could not be used: {e.Message}";
            throw new ClientAssertionUnavailableException($"the managed identity endpoint {endpoint} {reason}", e);
        }
    }

    // IMDS refuses in OAuth's shape (error, error_description); say what it said, on one line.
    private static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync(ManagedIdentityJsonContext.Default.ManagedIdentityTokenResponse, cancellationToken);
            return body?.Error is { Length: > 0 } error
                ? $": {error}{(body.ErrorDescription is { Length: > 0 } description ? ": " + description.Split('\r', '\n')[0] : "")}"
                : "";
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return "";
        }
    }
}

/// <summary>A managed identity's access token and when it expires.</summary>
internal sealed record ManagedIdentityAccessToken(string Token, DateTimeOffset ExpiresOn)
{
    public override string ToString() => $"ManagedIdentityAccessToken {{ ExpiresOn = {ExpiresOn:O} }}";
}

internal sealed record ManagedIdentityTokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_on")] string? ExpiresOn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription)
{
    public override string ToString() => $"ManagedIdentityTokenResponse {{ ExpiresOn = {ExpiresOn}, Error = {Error} }}";
}

[JsonSerializable(typeof(ManagedIdentityTokenResponse))]
internal sealed partial class ManagedIdentityJsonContext : JsonSerializerContext;
