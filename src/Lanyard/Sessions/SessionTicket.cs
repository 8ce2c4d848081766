using System.Text.Json.Serialization;
using Lanyard.Identity;

namespace Lanyard.Sessions;

/// <summary>
/// A signed-in session: who, since when, until when, and the tokens to refresh or forward.
/// The expiry is checked on every load, server-side, whatever the cookie's own Max-Age says.
/// </summary>
internal sealed record SessionTicket(
    [property: JsonPropertyName("id")] UserIdentity Identity,
    [property: JsonPropertyName("ca")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("ea")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("t")] SessionTokens Tokens)
{
    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}
