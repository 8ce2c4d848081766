namespace Lanyard.Emulator.Tokens;

/// <summary>A token response's contents (entra-protocol.md §3.3).</summary>
/// <param name="Scope">The granted scopes; null for client credentials, whose response Entra sends without <c>scope</c>
/// (v2-oauth2-client-creds-grant-flow, "Successful response": token_type, expires_in, access_token; recorded
/// responses add ext_expires_in and nothing else).</param>
/// <param name="Account">Whose tokens these are, for <c>client_info</c>; null for app-only tokens, which have no account.</param>
internal sealed record IssuedTokens(string? Scope, int ExpiresIn, string AccessToken, string? RefreshToken, string? IdToken, HomeAccount? Account = null);
