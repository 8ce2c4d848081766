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
    [property: JsonPropertyName("t")] SessionTokens Tokens,
    [property: JsonPropertyName("ra")] DateTimeOffset? RefreshedAt = null)
{
    /// <summary>When the tokens were last obtained: at sign-in, or at the latest refresh.</summary>
    public DateTimeOffset TokensObtainedAt => RefreshedAt ?? CreatedAt;

    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}
