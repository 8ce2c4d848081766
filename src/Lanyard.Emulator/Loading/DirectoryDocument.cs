namespace Lanyard.Emulator.Loading;

/// <summary>The top level of a directory file; see directory.example.json.</summary>
/// <remarks>
/// Optional lists are nullable: the JSON source generator sets absent init-only members to null rather than keeping
/// their initialisers, and the model types' own defaults are restored by <see cref="ValidateDirectory"/>.
/// </remarks>
internal sealed record DirectoryDocument
{
    public required IReadOnlyList<EmulatorTenant> Tenants { get; init; }

    public IReadOnlyList<EmulatorGroup>? Groups { get; init; }

    public IReadOnlyList<EmulatorDirectoryRole>? DirectoryRoles { get; init; }

    public IReadOnlyList<EmulatorUser>? Users { get; init; }

    public IReadOnlyList<EmulatorApplication>? Applications { get; init; }

    public IReadOnlyList<EmulatorManagedIdentity>? ManagedIdentities { get; init; }
}
