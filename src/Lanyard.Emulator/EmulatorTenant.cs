namespace Lanyard.Emulator;

/// <summary>A tenant: its GUID and the verified domain that resolves to it (tokens always carry the GUID).</summary>
public sealed record EmulatorTenant
{
    public required string Id { get; init; }

    public required string Domain { get; init; }

    public string? DisplayName { get; init; }

    internal string Name => string.IsNullOrWhiteSpace(DisplayName) ? Domain : DisplayName;
}
