using System.Security.Cryptography;

namespace Lanyard.Emulator.ClientAssertions;

/// <summary>One RSA key from an external issuer's JWKS document.</summary>
internal sealed record IssuerKey(string? KeyId, RSAParameters PublicKey);
