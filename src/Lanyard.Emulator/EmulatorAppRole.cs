namespace Lanyard.Emulator;

/// <summary>An app role an application defines; tokens carry its <see cref="Value"/> in <c>roles</c>.</summary>
public sealed record EmulatorAppRole
{
    /// <summary>Both member types: what a role without <c>allowedMemberTypes</c> allows (directory files written before it).</summary>
    internal static readonly IReadOnlyList<EmulatorAppRoleMemberType> AnyMemberType = [EmulatorAppRoleMemberType.User, EmulatorAppRoleMemberType.Application];

    public required string Id { get; init; }

    public required string Value { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>
    /// Whether users and groups (<see cref="EmulatorAppRoleMemberType.User"/>), applications and managed identities
    /// (<see cref="EmulatorAppRoleMemberType.Application"/>) or both may be assigned the role; both by default.
    /// </summary>
    public IReadOnlyList<EmulatorAppRoleMemberType> AllowedMemberTypes { get; init; } = AnyMemberType;

    internal bool Allows(EmulatorAppRoleMemberType memberType) => AllowedMemberTypes.Contains(memberType);
}
