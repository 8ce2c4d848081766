namespace Lanyard.Configuration;

/// <summary>A problem with one option, said in the user's own spelling of it and where it was set.</summary>
internal sealed record ConfigurationError(string Option, string? Origin, string Message)
{
    public override string ToString() =>
        Origin is null ? $"{Option}: {Message}" : $"{Option} (from {Origin}): {Message}";
}
