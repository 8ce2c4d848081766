using System.Buffers.Text;
using System.Security.Cryptography;

namespace Lanyard.Emulator.Protocol;

/// <summary>Unguessable opaque strings (codes, refresh tokens, claim filler), base64url without padding.</summary>
internal static class OpaqueValue
{
    public static string Create(int byteCount) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(byteCount));
}
