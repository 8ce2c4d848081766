namespace Lanyard.Emulator.Protocol;

/// <summary>
/// The token endpoint's scope and consent errors. Texts are Entra's as recorded in public traffic
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
}
