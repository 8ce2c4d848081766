namespace Lanyard.Emulator.Tokens;

/// <summary>A token response's contents (entra-protocol.md §3.3).</summary>
/// <param name="Account">Whose tokens these are, for <c>client_info</c>; null for app-only tokens, which have no account.</param>
internal sealed record IssuedTokens(string Scope, int ExpiresIn, string AccessToken, string? RefreshToken, string? IdToken, HomeAccount? Account = null);
