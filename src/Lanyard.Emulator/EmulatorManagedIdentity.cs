namespace Lanyard.Emulator;

/// <summary>
/// A managed identity the emulated machine can get tokens for from the IMDS endpoint. Its tokens are app-only:
/// <c>oid</c> and <c>sub</c> are <see cref="ObjectId"/>, the service principal's object id (§4.3, §7.1).
/// </summary>
public sealed record EmulatorManagedIdentity
{
    public required string ObjectId { get; init; }

    /// <summary>The identity's application (client) id, which IMDS echoes as <c>client_id</c>.</summary>
    public required string ClientId { get; init; }

    public required string TenantId { get; init; }

    public required string DisplayName { get; init; }

    public EmulatorManagedIdentityKind Kind { get; init; } = EmulatorManagedIdentityKind.SystemAssigned;

    /// <summary>The Azure resource id (<c>msi_res_id</c> selector, <c>xms_mirid</c> claim); optional.</summary>
    public string? ResourceId { get; init; }

    /// <summary>
    /// App roles of the directory's APIs granted to the identity's service principal, as to an application's (Entra's
    /// <c>appRoleAssignments</c>, entra-protocol.md §6): the <c>roles</c> of its IMDS tokens for that API.
    /// </summary>
    public IReadOnlyList<EmulatorAppRoleAssignment> AppRoleAssignments { get; init; } = [];
}
