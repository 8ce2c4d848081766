namespace Lanyard.Emulator.Tokens;

/// <summary>The facts both tokens of one response are built from.</summary>
/// <param name="GroupOverage">The user has more groups than the limit: the tokens carry the overage indicator.</param>
/// <param name="EmailDomainVerified">The user's email domain is verified by the user's own tenant (<c>xms_edov</c>).</param>
/// <param name="CodeHash">The <c>c_hash</c> of an ID token sent from /authorize beside a code; null otherwise.</param>
internal sealed record TokenClaimsContext(
    string Authority,
    SignIn SignIn,
    EmulatorUser User,
    EmulatorApplication Application,
    ClientCredentialKind Credential,
    IReadOnlyList<string> Roles,
    bool GroupOverage,
    string? Nonce,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    bool EmailDomainVerified = false,
    string? CodeHash = null);
