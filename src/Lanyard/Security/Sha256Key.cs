using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Lanyard.Security;

/// <summary>
/// A SHA-256 as four words: the key of the caches that must not hold what they are keyed by (bearer tokens in
/// ValidatedTokenCache, session cookies and Redis tickets in DecodedSessionCache). A dictionary key that allocates
/// nothing, and compares as four integers.
/// </summary>
internal readonly record struct Sha256Key(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Tokens up to this many UTF-8 bytes are hashed on the stack; Entra access tokens are 1–3 KB.</summary>
    private const int StackLimit = 4096;

    /// <summary>Of a token's UTF-8 bytes, hashed in a stack buffer (or a pooled one) that is wiped afterwards.</summary>
    public static Sha256Key Of(string token)
    {
        var length = Encoding.UTF8.GetByteCount(token);
        byte[]? rented = null;
        var bytes = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        bytes = bytes[..length];
        try
        {
            Encoding.UTF8.GetBytes(token, bytes);
            return Of(bytes);
        }
        finally
        {
            // The token's bytes do not outlive the hash, on the stack or in the pool.
            CryptographicOperations.ZeroMemory(bytes);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static Sha256Key Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        var words = MemoryMarshal.Cast<byte, ulong>(digest);
        return new Sha256Key(words[0], words[1], words[2], words[3]);
    }
}
