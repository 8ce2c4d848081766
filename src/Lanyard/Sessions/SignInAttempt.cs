using System.Text.Json.Serialization;

namespace Lanyard.Sessions;

/// <summary>
/// What <c>/oauth2/start</c> must remember until <c>/oauth2/callback</c>: the values that bind the provider's
/// answer to this browser (state, nonce, PKCE verifier), where to go afterwards, and the exact redirect URI sent.
/// It travels in an encrypted, HttpOnly, short-lived cookie, so nothing is kept on the server.
/// </summary>
internal sealed record SignInAttempt(
    [property: JsonPropertyName("s")] string State,
    [property: JsonPropertyName("n")] string Nonce,
    [property: JsonPropertyName("cv")] string CodeVerifier,
    [property: JsonPropertyName("rd")] string RedirectTarget,
    [property: JsonPropertyName("ru")] string RedirectUri,
    [property: JsonPropertyName("ea")] DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"SignInAttempt {{ RedirectTarget = {RedirectTarget}, ExpiresAt = {ExpiresAt:O} }}";
}
