using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Lanyard.Sessions;

/// <summary>
/// Sessions already decrypted and parsed, by the SHA-256 of their cookie value: a browser sends the same cookie
/// with every request, and decrypting, decompressing and parsing it each time dominated the hot path (about
/// 20 µs and 70 KB per request, bench/RequestIdentityBenchmarks). A hit means these exact authenticated bytes
/// were verified before; expiry is still checked on every use by the caller. Bounded: when full it starts over.
/// </summary>
internal sealed class DecodedSessionCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<Key, SessionTicket> _tickets = new();

    public bool TryGet(string cookieValue, out SessionTicket ticket) => _tickets.TryGetValue(Hash(cookieValue), out ticket!);

    public void Add(string cookieValue, SessionTicket ticket)
    {
        if (_tickets.Count >= MaxEntries)
        {
            _tickets.Clear();
        }

        _tickets[Hash(cookieValue)] = ticket;
    }

    private static Key Hash(string value)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var byteCount = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(value, rented);
            SHA256.HashData(rented.AsSpan(0, written), hash);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return new Key(
            BitConverter.ToInt64(hash[..8]), BitConverter.ToInt64(hash[8..16]),
            BitConverter.ToInt64(hash[16..24]), BitConverter.ToInt64(hash[24..]));
    }

    private readonly record struct Key(long A, long B, long C, long D);
}
