namespace Lanyard.Emulator.Tokens;

/// <summary>The facts both tokens of one response are built from.</summary>
internal sealed record TokenClaimsContext(
    string Authority,
    SignIn SignIn,
    EmulatorUser User,
    EmulatorApplication Application,
    IReadOnlyList<string> Roles,
    string? Nonce,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
