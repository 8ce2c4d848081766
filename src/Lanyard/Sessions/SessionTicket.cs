using System.Text.Json.Serialization;
using Lanyard.Identity;

namespace Lanyard.Sessions;

/// <summary>
/// A signed-in session: who, since when, until when, and the tokens to refresh or forward.
/// The expiry is checked on every load, server-side, whatever the cookie's own Max-Age says, and so is the
/// <see cref="Binding"/>: a session without one (made before Lanyard bound sessions) is no session.
/// </summary>
internal sealed record SessionTicket(
    [property: JsonPropertyName("id")] UserIdentity Identity,
    [property: JsonPropertyName("ca")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("ea")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("t")] SessionTokens Tokens,
    [property: JsonPropertyName("ra")] DateTimeOffset? RefreshedAt = null,
    [property: JsonPropertyName("b")] SessionBinding? Binding = null)
{
    /// <summary>When the tokens were last obtained: at sign-in, or at the latest refresh.</summary>
    public DateTimeOffset TokensObtainedAt => RefreshedAt ?? CreatedAt;

    /// <summary>A ticket made for one request from a verified bearer token: never stored, so never bound, and no ID token (and not a password's).</summary>
    [JsonIgnore]
    public bool IsFromBearerToken => Binding is null && Tokens.IdToken is null && !Identity.SignedInWithPassword;

    public bool IsExpiredAt(DateTimeOffset now) => now >= ExpiresAt;
}
