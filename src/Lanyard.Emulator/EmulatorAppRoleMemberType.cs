namespace Lanyard.Emulator;

/// <summary>Who an app role may be assigned to: Entra's <c>appRoles[].allowedMemberTypes</c> (entra-protocol.md §6).</summary>
public enum EmulatorAppRoleMemberType
{
    /// <summary>Users and groups: the role is in their tokens for the application.</summary>
    User,

    /// <summary>Applications and managed identities (service principals): an application permission on the API.</summary>
    Application,
}
