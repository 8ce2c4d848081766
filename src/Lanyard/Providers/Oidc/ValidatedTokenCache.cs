using System.Collections.Concurrent;
using Lanyard.Identity;
using Lanyard.Security;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// Bearer tokens that passed validation, by <see cref="Sha256Key"/>, so a client that sends the same token on every
/// call pays for one signature check rather than one per request (issue 14, J1). Only acceptances are kept: a
/// refused token is validated again each time, so nothing refused can ever pass from here. An entry ends at the
/// earliest of: the token's expiry plus the validator's clock skew (what validation itself would accept), a short
/// cap (<see cref="MaximumLifetime"/>), and a change of the key set it was validated under (a refetched JWKS or a
/// reloaded discovery document), so a token signed with a key the provider withdrew stops passing at the next key
/// set. Bounded: when full, expired entries are swept, then a share of the rest dropped (the keys are hashes, so
/// that share is a random one). A hand-rolled dictionary rather than MemoryCache, whose object keys would box the
/// hash on every lookup.
/// </summary>
internal sealed class ValidatedTokenCache(int capacity, TimeProvider time)
{
    /// <summary>No entry lives longer than this, whatever the token's own lifetime.</summary>
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<Sha256Key, Entry> _entries = new();
    private readonly Lock _sweep = new();
    private int _count;

    public int Capacity => capacity;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The identity a token validated to under <paramref name="keySet"/>, while its entry lasts.</summary>
    public bool TryGet(in Sha256Key hash, object keySet, out UserIdentity identity, out DateTimeOffset expiresAt)
    {
        if (_entries.TryGetValue(hash, out var entry))
        {
            if (ReferenceEquals(entry.KeySet, keySet) && time.GetUtcNow().UtcTicks < entry.UntilTicks)
            {
                identity = entry.Identity;
                expiresAt = entry.ExpiresAt;
                return true;
            }

            Remove(hash, entry);
        }

        identity = null!;
        expiresAt = default;
        return false;
    }

    /// <summary>Remembers an accepted token, expiring at <paramref name="expiresAt"/> (its <c>exp</c>).</summary>
    public void Add(in Sha256Key hash, object keySet, UserIdentity identity, DateTimeOffset expiresAt)
    {
        var now = time.GetUtcNow();
        var until = Min(expiresAt + IdTokenValidator.ClockSkew, now + MaximumLifetime);
        if (until <= now)
        {
            return;
        }

        if (Volatile.Read(ref _count) >= capacity && !MakeRoom(now.UtcTicks))
        {
            return;
        }

        var entry = new Entry(identity, expiresAt, until.UtcTicks, keySet);
        if (_entries.TryAdd(hash, entry))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            _entries[hash] = entry;
        }
    }

    private void Remove(Sha256Key hash, Entry entry)
    {
        // Only this entry: another thread may have stored a fresh one under the same hash meanwhile.
        if (_entries.TryRemove(new KeyValuePair<Sha256Key, Entry>(hash, entry)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>One thread sweeps at a time; the others skip caching while it does (they have their answer anyway).</summary>
    private bool MakeRoom(long nowTicks)
    {
        if (!_sweep.TryEnter())
        {
            return false;
        }

        try
        {
            foreach (var (hash, entry) in _entries)
            {
                if (entry.UntilTicks <= nowTicks)
                {
                    Remove(hash, entry);
                }
            }

            // Still full of live entries: drop an eighth of them, so the next sweep is that many additions away.
            var target = capacity - Math.Max(1, capacity / 8);
            foreach (var (hash, entry) in _entries)
            {
                if (Volatile.Read(ref _count) <= target)
                {
                    break;
                }

                Remove(hash, entry);
            }

            return Volatile.Read(ref _count) < capacity;
        }
        finally
        {
            _sweep.Exit();
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Entry(UserIdentity Identity, DateTimeOffset ExpiresAt, long UntilTicks, object KeySet);
}
