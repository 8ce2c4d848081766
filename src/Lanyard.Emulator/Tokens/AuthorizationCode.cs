namespace Lanyard.Emulator.Tokens;

/// <summary>Everything an authorization code is bound to at /authorize and checked against at /token.</summary>
internal sealed record AuthorizationCode(
    SignIn SignIn,
    string RedirectUri,
    string? Nonce,
    string CodeChallenge,
    DateTimeOffset ExpiresAt);
