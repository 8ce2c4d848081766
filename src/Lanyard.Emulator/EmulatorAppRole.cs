namespace Lanyard.Emulator;

/// <summary>An app role an application defines; tokens carry its <see cref="Value"/> in <c>roles</c>.</summary>
public sealed record EmulatorAppRole
{
    public required string Id { get; init; }

    public required string Value { get; init; }

    public string? DisplayName { get; init; }
}
