namespace Lanyard.Emulator;

/// <summary>A security group; tokens name it by object id in <c>groups</c>.</summary>
public sealed record EmulatorGroup
{
    public required string ObjectId { get; init; }

    public required string TenantId { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>App roles given to every member, as Entra allows for groups assigned to an enterprise app.</summary>
    public IReadOnlyList<EmulatorAppRoleAssignment> AppRoleAssignments { get; init; } = [];
}
