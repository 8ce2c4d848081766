using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Lanyard.Emulator.Tests.Harness;

/// <summary>RFC 7636 verifier and S256 challenge, computed independently of the emulator.</summary>
internal static class Pkce
{
    public static string NewVerifier() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
