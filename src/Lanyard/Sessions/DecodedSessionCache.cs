using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Lanyard.Sessions;

/// <summary>
/// Sessions already decrypted and parsed, by the SHA-256 of their cookie value (or of a Redis ticket's key and the
/// value stored under it): a browser sends the same cookie with every request, and decrypting, decompressing and
/// parsing it each time dominated the hot path (about 20 µs and 70 KB per request, bench/RequestIdentityBenchmarks). A hit means these exact authenticated bytes
/// were verified before; expiry is still checked on every use by the caller. Bounded: when full it starts over.
/// </summary>
internal sealed class DecodedSessionCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<Key, SessionTicket> _tickets = new();

    public bool TryGet(string cookieValue, out SessionTicket ticket) => TryGet([], cookieValue, out ticket);

    public void Add(string cookieValue, SessionTicket ticket) => Add([], cookieValue, ticket);

    /// <param name="key">The key the value was verified with (a Redis ticket's): a hit needs the same key too,
    /// so knowing a session's id and ciphertext without its key finds nothing here either.</param>
    public bool TryGet(ReadOnlySpan<byte> key, string value, out SessionTicket ticket) => _tickets.TryGetValue(Hash(key, value), out ticket!);

    public void Add(ReadOnlySpan<byte> key, string value, SessionTicket ticket)
    {
        if (_tickets.Count >= MaxEntries)
        {
            _tickets.Clear();
        }

        _tickets[Hash(key, value)] = ticket;
    }

    private static Key Hash(ReadOnlySpan<byte> key, string value)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var byteCount = key.Length + Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            key.CopyTo(rented);
            var written = key.Length + Encoding.UTF8.GetBytes(value, rented.AsSpan(key.Length));
            SHA256.HashData(rented.AsSpan(0, written), hash);
        }
        finally
        {
            // The key is a session's own encryption key: it must not linger in a shared pool.
            rented.AsSpan(0, key.Length).Clear();
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return new Key(
            BitConverter.ToInt64(hash[..8]), BitConverter.ToInt64(hash[8..16]),
            BitConverter.ToInt64(hash[16..24]), BitConverter.ToInt64(hash[24..]));
    }

    private readonly record struct Key(long A, long B, long C, long D);
}
