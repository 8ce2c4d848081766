using System.Security.Cryptography;
using System.Text;

namespace Lanyard.Security;

/// <summary>
/// A secret string (client secret, cookie secret): never printed, compared in constant time.
/// Records that hold one print "[redacted]" instead of the value, so a logged options object leaks nothing.
/// </summary>
internal sealed class Secret : IEquatable<Secret>
{
    private readonly string _value;

    public Secret(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>The plain value, for the one place that must send it (a token request, a key derivation).</summary>
    public string Reveal() => _value;

    public bool Matches(string? candidate) => candidate is not null && FixedTimeEquals(_value, candidate);

    public bool Equals(Secret? other) => other is not null && FixedTimeEquals(_value, other._value);

    public override bool Equals(object? obj) => obj is Secret other && Equals(other);

    // A constant hash: secrets are not dictionary keys, and a value-derived hash would leak through timing.
    public override int GetHashCode() => 0;

    public override string ToString() => "[redacted]";

    /// <summary>Compares two strings without an early exit, so the time taken does not reveal a common prefix.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
