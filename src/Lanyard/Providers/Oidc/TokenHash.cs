using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// SHA-256 of a token's UTF-8 bytes, as four words: the key of <see cref="ValidatedTokenCache"/>, so the cache holds
/// no token text and a lookup allocates nothing (the bytes are hashed in a stack buffer, wiped afterwards).
/// </summary>
internal readonly record struct TokenHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Tokens up to this many UTF-8 bytes are hashed on the stack; Entra access tokens are 1–3 KB.</summary>
    private const int StackLimit = 4096;

    public static TokenHash Of(string token)
    {
        var length = Encoding.UTF8.GetByteCount(token);
        byte[]? rented = null;
        var bytes = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        bytes = bytes[..length];
        try
        {
            Encoding.UTF8.GetBytes(token, bytes);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes, digest);
            var words = MemoryMarshal.Cast<byte, ulong>(digest);
            return new TokenHash(words[0], words[1], words[2], words[3]);
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
}
