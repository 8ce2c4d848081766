using System.Buffers.Text;
using System.Security.Cryptography;

namespace Lanyard.Security;

/// <summary>Unguessable values for state, nonce and PKCE verifiers.</summary>
internal static class RandomTokens
{
    /// <summary>Base64url (no padding) of <paramref name="byteCount"/> random bytes. 32 bytes give a 43-character
    /// value, the shortest PKCE verifier RFC 7636 §4.1 allows, with 256 bits of entropy.</summary>
    public static string Create(int byteCount = 32)
    {
        Span<byte> bytes = stackalloc byte[byteCount];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The PKCE S256 challenge of a verifier (RFC 7636 §4.2).</summary>
    public static string S256Challenge(string verifier)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier), hash);
        return Base64Url.EncodeToString(hash);
    }
}
