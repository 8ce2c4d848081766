using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Lanyard.Configuration;

namespace Lanyard.Sessions;

/// <summary>
/// Encrypts and authenticates cookie values with AES-256-GCM under a key derived (HKDF-SHA256) from
/// <c>cookie_secret</c> and a purpose, so the session and sign-in cookies never share a key and every replica
/// with the same secret can read every other's cookies. The cookie's name is authenticated too, so a value
/// cannot be moved from one cookie to another. Layout: version(1) | nonce(12) | tag(16) | ciphertext, base64url.
/// </summary>
internal sealed class CookieProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly byte[] _key;
    private readonly CookieProtector[] _previous;

    public CookieProtector(ReadOnlySpan<byte> secret, string purpose)
        : this(secret, purpose, [])
    {
    }

    private CookieProtector(ReadOnlySpan<byte> secret, string purpose, CookieProtector[] previous)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret.ToArray(), 32, salt: [], info: Encoding.UTF8.GetBytes("lanyard/" + purpose));
        _previous = previous;
    }

    /// <summary>
    /// The protector for <c>cookie_secret</c>, which also reads values made with any of
    /// <c>cookie_previous_secrets</c>: rotating the secret does not sign everyone out, and new values always use
    /// the current one.
    /// </summary>
    public static CookieProtector For(SessionCookieOptions options, string purpose) =>
        new(options.Secret.Bytes, purpose, [.. options.PreviousSecrets.Select(previous => new CookieProtector(previous.Bytes, purpose))]);

    public string Protect(ReadOnlySpan<byte> plaintext, string cookieName)
    {
        var sealedBytes = new byte[HeaderSize + plaintext.Length];
        sealedBytes[0] = FormatVersion;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(HeaderSize), sealedBytes.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(cookieName));
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>False for anything that was not made by <see cref="Protect"/> with this key and name:
    /// tampered, truncated, re-labelled or garbage values all look the same to the caller.</summary>
    public bool TryUnprotect(string value, string cookieName, out byte[] plaintext)
    {
        if (TryUnprotectWithThisKey(value, cookieName, out plaintext))
        {
            return true;
        }

        foreach (var previous in _previous)
        {
            if (previous.TryUnprotectWithThisKey(value, cookieName, out plaintext))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryUnprotectWithThisKey(string value, string cookieName, out byte[] plaintext)
    {
        plaintext = [];
        if (!Base64Url.IsValid(value, out var length) || length < HeaderSize)
        {
            return false;
        }

        var sealedBytes = Base64Url.DecodeFromChars(value);
        if (sealedBytes[0] != FormatVersion)
        {
            return false;
        }

        var output = new byte[sealedBytes.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(1, NonceSize), sealedBytes.AsSpan(HeaderSize), sealedBytes.AsSpan(1 + NonceSize, TagSize), output, Encoding.UTF8.GetBytes(cookieName));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = output;
        return true;
    }
}
