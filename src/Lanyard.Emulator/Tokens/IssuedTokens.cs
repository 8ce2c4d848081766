namespace Lanyard.Emulator.Tokens;

/// <summary>A token response's contents (entra-protocol.md §3.3).</summary>
internal sealed record IssuedTokens(string Scope, int ExpiresIn, string AccessToken, string? RefreshToken, string? IdToken);
