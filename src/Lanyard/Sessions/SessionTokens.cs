using System.Text.Json.Serialization;

namespace Lanyard.Sessions;

/// <summary>The provider's tokens for a session. <see cref="ToString"/> never prints them.</summary>
internal sealed record SessionTokens(
    [property: JsonPropertyName("it")] string? IdToken,
    [property: JsonPropertyName("at")] string? AccessToken,
    [property: JsonPropertyName("rt")] string? RefreshToken,
    [property: JsonPropertyName("ate")] DateTimeOffset? AccessTokenExpiresAt)
{
    public override string ToString() =>
        $"SessionTokens {{ IdToken = {Mask(IdToken)}, AccessToken = {Mask(AccessToken)}, RefreshToken = {Mask(RefreshToken)} }}";

    private static string Mask(string? token) => token is null ? "none" : "[redacted]";
}
