namespace Lanyard.Configuration;

/// <summary>Every configuration problem found, reported at once so a user fixes them in one pass.</summary>
internal sealed class ConfigurationException(IReadOnlyList<ConfigurationError> errors)
    : Exception("invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<ConfigurationError> Errors { get; } = errors;
}
