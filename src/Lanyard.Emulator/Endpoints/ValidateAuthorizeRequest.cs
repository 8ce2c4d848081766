using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// The protocol checks made once client and redirect URI are trusted, so their failures are redirected (§2):
/// response type against what the registration enables, response mode against the response type, scope, nonce and
/// PKCE. PKCE is optional here, as at Entra: a confidential web app may redeem its code with its credential alone,
/// and the token endpoint is where public clients are made to prove the verifier.
/// </summary>
internal static class ValidateAuthorizeRequest
{
    public static AuthorizeValidation Check(AuthorizeParameters parameters, EmulatorApplication app)
    {
        var modeName = parameters.Get("response_mode");
        var requestedMode = modeName is null ? null : AuthorizeResponseModes.Parse(modeName);
        if (parameters.Get("response_type") is not { } responseType)
        {
            return Invalid(EntraErrors.MissingParameter("response_type"), requestedMode ?? AuthorizeResponseMode.Query);
        }

        // The values are a space-separated set: "id_token code" is the hybrid type too (OAuth 2.0 Multiple Response
        // Type Encoding Practices §5).
        var words = responseType.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var code = words.Contains("code", StringComparer.Ordinal);
        var idToken = words.Contains("id_token", StringComparer.Ordinal);
        var token = words.Contains("token", StringComparer.Ordinal);

        // Entra's defaults (§2): query when only a code comes back, fragment as soon as a token does.
        var defaultMode = idToken || token ? AuthorizeResponseMode.Fragment : AuthorizeResponseMode.Query;
        if (words.Length == 0 || words.Distinct(StringComparer.Ordinal).Count() != words.Length ||
            words.Any(w => w is not ("code" or "id_token" or "token")))
        {
            return Invalid(EntraErrors.UnsupportedResponseType(responseType), requestedMode ?? defaultMode);
        }

        if (modeName is not null && requestedMode is null)
        {
            return Invalid(EntraErrors.UnsupportedResponseMode(modeName), defaultMode);
        }

        // A token in the query would land in server logs and Referer headers (Multiple Response Types §2.1); Entra
        // refuses it with AADSTS70007, and answers in the query it was asked for, which carries no token.
        var mode = requestedMode ?? defaultMode;
        if (mode == AuthorizeResponseMode.Query && (idToken || token))
        {
            return Invalid(EntraErrors.QueryModeWithToken(), mode);
        }

        // Emulated registrations never enable implicit access tokens ("Access tokens (used for implicit flows)").
        if (token)
        {
            return Invalid(EntraErrors.ResponseTypeNotEnabled("token"), mode);
        }

        if (idToken && !app.EnableIdTokenIssuance)
        {
            return Invalid(EntraErrors.ResponseTypeNotEnabled("id_token"), mode);
        }

        if (parameters.Get("scope") is null)
        {
            return Invalid(EntraErrors.MissingParameter("scope"), mode);
        }

        var nonce = parameters.Get("nonce");
        if (idToken && nonce is null)
        {
            return Invalid(EntraErrors.NonceRequired(), mode);
        }

        var challenge = code ? parameters.Get("code_challenge") : null;
        string? method = null;
        if (challenge is not null)
        {
            // RFC 7636 §4.3: an absent method means "plain", which Entra accepts beside S256 (§2).
            method = parameters.Get("code_challenge_method") ?? "plain";
            if (method is not ("S256" or "plain"))
            {
                return Invalid(EntraErrors.InvalidCodeChallengeMethod(), mode);
            }

            if (!IsWellFormed(challenge, method))
            {
                return Invalid(EntraErrors.InvalidCodeChallenge(), mode);
            }
        }

        return new AuthorizeValidation.Valid(new AuthorizeRequest(code, idToken, mode, nonce, challenge, method));
    }

    // An S256 challenge is base64url(SHA-256) without padding, exactly 43 characters (RFC 7636 §4.2); a plain one is
    // the verifier itself, 43 to 128 unreserved characters (§4.1).
    private static bool IsWellFormed(string challenge, string method) => method == "S256"
        ? challenge.Length == 43 && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
        : challenge.Length is >= 43 and <= 128 && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    private static AuthorizeValidation.Invalid Invalid(EntraError error, AuthorizeResponseMode mode) => new(error, mode);
}
