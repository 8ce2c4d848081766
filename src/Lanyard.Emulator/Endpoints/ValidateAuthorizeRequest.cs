using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// The protocol checks made once client and redirect URI are trusted, so their failures are redirected (§2):
/// response type, response mode, scope and PKCE, which the emulator always requires with S256.
/// </summary>
internal static class ValidateAuthorizeRequest
{
    public static EntraError? Check(AuthorizeParameters parameters)
    {
        var responseType = parameters.Get("response_type");
        if (responseType is null)
        {
            return EntraErrors.MissingParameter("response_type");
        }

        if (responseType != "code")
        {
            return EntraErrors.UnsupportedResponseType(responseType);
        }

        if (parameters.Get("response_mode") is { } responseMode && responseMode != "query")
        {
            return EntraErrors.UnsupportedResponseMode(responseMode);
        }

        if (parameters.Get("scope") is null)
        {
            return EntraErrors.MissingParameter("scope");
        }

        // RFC 7636 §4.3: an absent method means "plain", which the emulator refuses like any method but S256.
        var challenge = parameters.Get("code_challenge");
        if (challenge is null || parameters.Get("code_challenge_method") != "S256")
        {
            return EntraErrors.PkceRequired();
        }

        // An S256 challenge is base64url(SHA-256) without padding: exactly 43 characters (RFC 7636 §4.2).
        if (challenge.Length != 43 || !challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return EntraErrors.InvalidCodeChallenge();
        }

        return null;
    }
}
