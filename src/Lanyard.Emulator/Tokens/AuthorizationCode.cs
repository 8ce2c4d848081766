namespace Lanyard.Emulator.Tokens;

/// <summary>Everything an authorization code is bound to at /authorize and checked against at /token.</summary>
/// <param name="Challenge">The PKCE challenge, or null when the client sent none (a confidential client may not).</param>
internal sealed record AuthorizationCode(
    SignIn SignIn,
    string RedirectUri,
    string? Nonce,
    PkceChallenge? Challenge,
    DateTimeOffset ExpiresAt);
