using System.Text.Json.Serialization;

namespace Lanyard.Providers.Oidc;

/// <summary>A token endpoint's JSON answer (RFC 6749 §5.1 success, §5.2 error). Entra adds fields we ignore.</summary>
internal sealed record TokenEndpointResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("id_token")] string? IdToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription)
{
    public override string ToString() => $"TokenEndpointResponse {{ TokenType = {TokenType}, ExpiresIn = {ExpiresIn}, Error = {Error} }}";
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(TokenEndpointResponse))]
internal sealed partial class ProviderJsonContext : JsonSerializerContext;
