namespace Lanyard.Emulator;

/// <summary>
/// An app role (by value) of one application (by client id) given to a user, a group, another application or a managed
/// identity.
/// </summary>
public sealed record EmulatorAppRoleAssignment
{
    public required string ClientId { get; init; }

    public required string RoleValue { get; init; }
}
