namespace Lanyard.Emulator;

/// <summary>A member user of one tenant.</summary>
public sealed record EmulatorUser
{
    public required string ObjectId { get; init; }

    public required string TenantId { get; init; }

    public required string UserPrincipalName { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>The mailbox address; null leaves the <c>email</c> claim out, as Entra does for users without a mailbox.</summary>
    public string? Email { get; init; }

    public IReadOnlyList<string> GroupIds { get; init; } = [];

    /// <summary>Directory roles the user holds; Graph's <c>transitiveMemberOf</c> lists them next to the groups (§5.3).</summary>
    public IReadOnlyList<string> DirectoryRoleIds { get; init; } = [];

    public IReadOnlyList<EmulatorAppRoleAssignment> AppRoleAssignments { get; init; } = [];

    internal bool IsPersonalAccount => string.Equals(TenantId, WellKnownIds.PersonalAccountsTenantId, StringComparison.OrdinalIgnoreCase);
}
