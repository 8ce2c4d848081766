using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Lanyard.Emulator.Tokens;

/// <summary>The PKCE challenge an authorization code was issued with (RFC 7636), and the check of its verifier.</summary>
/// <param name="Method"><c>S256</c> or <c>plain</c>, both of which Entra accepts (entra-protocol.md §2).</param>
internal sealed record PkceChallenge(string Value, string Method)
{
    /// <summary>RFC 7636 §4.6: <c>BASE64URL(SHA256(ASCII(code_verifier)))</c>, or the verifier itself for plain.</summary>
    public bool IsMetBy(string? verifier)
    {
        if (verifier is null)
        {
            return false;
        }

        var computed = Method == "S256" ? Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(Value));
    }
}
