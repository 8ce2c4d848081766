using System.Collections.Concurrent;
using System.Text;
using Lanyard.Security;

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
    private readonly ConcurrentDictionary<Sha256Key, SessionTicket> _tickets = new();

    public bool TryGet(Sha256Key key, out SessionTicket ticket) => _tickets.TryGetValue(key, out ticket!);

    public void Add(Sha256Key key, SessionTicket ticket)
    {
        if (_tickets.Count >= MaxEntries)
        {
            _tickets.Clear();
        }

        _tickets[key] = ticket;
    }

    /// <summary>The entry of a session cookie's value, hashed from its slices of the Cookie header (no copy of it).</summary>
    public static Sha256Key KeyFor(in SessionCookieValue value)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var written = 0;
            for (var i = 0; i < value.PartCount; i++)
            {
                written += Encoding.UTF8.GetBytes(value.Part(i), rented.AsSpan(written));
            }

            return Sha256Key.Of(rented.AsSpan(0, written));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <param name="key">The key the value was verified with (a Redis ticket's): a hit needs the same key too,
    /// so knowing a session's id and ciphertext without its key finds nothing here either.</param>
    /// <param name="value">The stored value's UTF-8 bytes, as Redis returns them.</param>
    public static Sha256Key KeyFor(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(key.Length + value.Length);
        try
        {
            key.CopyTo(rented);
            value.CopyTo(rented.AsSpan(key.Length));
            return Sha256Key.Of(rented.AsSpan(0, key.Length + value.Length));
        }
        finally
        {
            // The key is a session's own encryption key: it must not linger in a shared pool.
            rented.AsSpan(0, key.Length).Clear();
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
