namespace Lanyard.Emulator;

/// <summary>
/// An activated directory role of one tenant (Graph's <c>directoryRole</c>). Tokens do not carry it here; Graph lists it
/// among a user's memberships unless the request casts to groups (entra-protocol.md §5.3).
/// </summary>
public sealed record EmulatorDirectoryRole
{
    public required string ObjectId { get; init; }

    public required string TenantId { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>The built-in role's template id, the same in every tenant (e.g. Global Reader's).</summary>
    public required string RoleTemplateId { get; init; }
}
