using System.Buffers.Text;
using System.Text;

namespace Lanyard.Configuration;

/// <summary>
/// The bytes of <c>cookie_secret</c>, read by oauth2-proxy's rule: base64 (URL-safe or standard) when that
/// decodes to 16, 24 or 32 bytes, otherwise the raw text, which must then be 16, 24 or 32 bytes itself.
/// Any replica given the same secret derives the same keys, so no key store has to be shared.
/// </summary>
internal sealed class CookieSecret
{
    private readonly byte[] _bytes;

    private CookieSecret(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes;

    public override string ToString() => "[redacted]";

    public static bool TryParse(string text, out CookieSecret? secret, out string? error)
    {
        secret = null;
        var decoded = TryDecodeBase64(text);
        if (decoded is { Length: 16 or 24 or 32 })
        {
            secret = new CookieSecret(decoded);
            error = null;
            return true;
        }

        var raw = Encoding.UTF8.GetBytes(text);
        if (raw.Length is 16 or 24 or 32)
        {
            secret = new CookieSecret(raw);
            error = null;
            return true;
        }

        error = $"must be 16, 24 or 32 bytes, raw or base64 encoded (it is {raw.Length} bytes" +
                (decoded is null ? "" : $", and {decoded.Length} bytes when base64-decoded") +
                "); create one with: openssl rand -base64 32 | tr -- '+/' '-_'";
        return false;
    }

    /// <summary>
    /// <c>cookie_secret_file</c>: the file's bytes are the secret's text, read by the same rule, so a file of raw
    /// random bytes works as well as one of base64. A trailing line break (what <c>echo</c> and most editors leave)
    /// is dropped when the secret is not valid with it.
    /// </summary>
    public static bool TryParseFile(byte[] content, out CookieSecret? secret, out string? error)
    {
        var bytes = content;
        if (bytes.Length is not (16 or 24 or 32) && bytes.AsSpan().TrimEnd("\r\n"u8) is { Length: 16 or 24 or 32 } trimmed)
        {
            bytes = trimmed.ToArray();
        }

        // Text if it is ASCII (base64 or a typed secret); raw bytes otherwise, which no text encoding may alter.
        if (System.Text.Ascii.IsValid(bytes))
        {
            return TryParse(Encoding.ASCII.GetString(bytes), out secret, out error);
        }

        secret = bytes.Length is 16 or 24 or 32 ? new CookieSecret(bytes) : null;
        error = secret is null ? $"must hold 16, 24 or 32 bytes, raw or base64 encoded (it holds {content.Length} bytes)" : null;
        return secret is not null;
    }

    private static byte[]? TryDecodeBase64(string text)
    {
        var urlSafe = text.Trim().TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Base64Url.IsValid(urlSafe) ? Base64Url.DecodeFromChars(urlSafe) : null;
    }
}
