using System.Text.Json.Serialization;

namespace Lanyard.Kubectl;

/// <summary>
/// The JSON that get-token reads and writes besides token responses (those are <see cref="Providers.Oidc.TokenEndpointResponse"/>):
/// the device authorization answer and the cache file. Numbers may arrive as strings, as from Entra's v1 endpoint.
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeviceAuthorizationResponse))]
[JsonSerializable(typeof(TokenCacheEntry))]
internal sealed partial class KubectlJsonContext : JsonSerializerContext;

/// <summary>RFC 8628 §3.2, with Entra's <c>message</c> (the sentence to show the user); or an error (§3.2, RFC 6749 §5.2).</summary>
internal sealed record DeviceAuthorizationResponse(
    [property: JsonPropertyName("device_code")] string? DeviceCode,
    [property: JsonPropertyName("user_code")] string? UserCode,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("interval")] long? Interval,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription)
{
    public override string ToString() => $"DeviceAuthorizationResponse {{ ExpiresIn = {ExpiresIn}, Error = {Error} }}";
}

/// <summary>One cache file (<see cref="TokenCache"/>): the key it was written for, the tokens, and the expiry in Unix seconds.</summary>
internal sealed record TokenCacheEntry(
    [property: JsonPropertyName("authority")] string? Authority,
    [property: JsonPropertyName("tenant")] string? Tenant,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("server_id")] string? ServerId,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("expires_on")] long? ExpiresOn)
{
    public override string ToString() => $"TokenCacheEntry {{ Kind = {Kind}, ExpiresOn = {ExpiresOn} }}";
}
