using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;

namespace Lanyard.Sessions;

/// <summary>
/// A session ticket as bytes, before encryption: JSON, Brotli-compressed when that is smaller. Entra ID tokens
/// are base64 JSON and shrink by about a third, which often keeps a session in one cookie. Layout: format(1),
/// then for Brotli the plain length (4, big-endian) and the compressed bytes; for raw, the JSON itself.
/// </summary>
internal static class SessionPayload
{
    private const byte Raw = 0;
    private const byte Brotli = 1;
    private const int MaxPlainLength = 256 * 1024;

    public static byte[] Encode(SessionTicket ticket)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(ticket, SessionJsonContext.Default.SessionTicket);
        var compressed = new byte[5 + BrotliEncoder.GetMaxCompressedLength(json.Length)];
        if (BrotliEncoder.TryCompress(json, compressed.AsSpan(5), out var written, quality: 5, window: 22) && written + 5 < json.Length + 1)
        {
            compressed[0] = Brotli;
            BinaryPrimitives.WriteInt32BigEndian(compressed.AsSpan(1), json.Length);
            return compressed[..(written + 5)];
        }

        var raw = new byte[json.Length + 1];
        raw[0] = Raw;
        json.CopyTo(raw, 1);
        return raw;
    }

    public static SessionTicket? Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return null;
        }

        byte[] json;
        switch (payload[0])
        {
            case Raw:
                json = payload[1..].ToArray();
                break;
            case Brotli when payload.Length > 5:
                var length = BinaryPrimitives.ReadInt32BigEndian(payload[1..5]);
                if (length is <= 0 or > MaxPlainLength)
                {
                    return null;
                }

                json = new byte[length];
                if (!BrotliDecoder.TryDecompress(payload[5..], json, out var written) || written != length)
                {
                    return null;
                }

                break;
            default:
                return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, SessionJsonContext.Default.SessionTicket);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
