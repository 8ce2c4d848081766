namespace Lanyard.Emulator.Protocol;

/// <summary>
/// The token endpoint's scope, consent and on-behalf-of errors. Texts are Entra's as recorded in public traffic
/// (MSAL and ADAL issue threads) where one is known; the others say so.
/// </summary>
internal static partial class EntraErrors
{
    /// <summary>A scope value that names no permission and no resource (entra-protocol.md §3.5, AADSTS70011).</summary>
    public static EntraError UnknownScope(string value) =>
        new("invalid_scope", 70011, $"The provided value for the input parameter 'scope' is not valid. The scope '{value}' does not exist.");

    /// <summary>
    /// AADSTS65001 (§3.5: <c>invalid_grant</c> + <c>suberror: consent_required</c>), Entra's wording. The emulator's
    /// consent rule is in <see cref="Tokens.ConsentedScopes"/>.
    /// </summary>
    public static EntraError ConsentRequired(EmulatorApplication client) =>
        new("invalid_grant", 65001,
            $"The user or administrator has not consented to use the application with ID '{client.ClientId}' named '{client.Name}'. " +
            "Send an interactive authorization request for this user and resource.",
            Suberror: "consent_required");

    // Recorded for OBO with Entra's published keys, for a key it does not know and for a signature that does not match.
    public static EntraError UserAssertionSignatureInvalid(string? keyId) =>
        new("invalid_grant", 50013,
            "Assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., " +
            $"Thumbprint of key used by client: '{keyId}']");

    // Recorded: "AADSTS50013: Assertion audience does not match the Client app presenting the assertion. …"
    public static EntraError UserAssertionAudienceMismatch(string audience, EmulatorApplication client) =>
        new("invalid_grant", 50013,
            $"Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '{audience}' " +
            $"and the expected audience is '{client.ClientId}' or one of the Application Uris of this application with App ID " +
            $"'{client.ClientId}'({client.Name}).");

    // Recorded (2024): "Assertion is not within its valid time range. Ensure that the access token is not expired before
    // using it for user assertion, or request a new token. Current time: …, expiry time of assertion …."
    public static EntraError UserAssertionOutsideValidity(DateTimeOffset now, DateTimeOffset? notBefore, DateTimeOffset? expiry) =>
        new("invalid_grant", 500133,
            "Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user " +
            $"assertion, or request a new token. Current time: {Instant(now)}, " +
            (notBefore is { } from && from > now ? $"assertion valid from {Instant(from)}, " : "") +
            $"expiry time of assertion {Instant(expiry)}.");

    // The code is Entra's for a malformed JWT; for a user assertion its error value is not recorded (invalid_grant here).
    public static EntraError UserAssertionMalformed() =>
        new("invalid_grant", 50027, "JWT token is invalid or malformed. The 'assertion' is not a signed JWT.");

    // Not recorded: which code Entra gives an app-only token or an ID token presented as the user assertion. The
    // emulator refuses both with the generic "grant invalid" code (§3.5, AADSTS70000).
    public static EntraError UserAssertionNotDelegated() =>
        new("invalid_grant", 70000,
            "The provided value for the 'assertion' is not valid. The assertion carries no delegated scopes (scp): on-behalf-of " +
            "needs an access token issued to a user for the calling application, not an app-only or ID token.");

    public static EntraError UnsupportedRequestedTokenUse(string value) =>
        MalformedRequest($"requested_token_use '{value}' is not supported; the jwt-bearer grant needs 'on_behalf_of'.");
}
