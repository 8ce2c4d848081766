using System.Collections.Concurrent;

namespace Lanyard.Caching;

/// <summary>
/// Values loaded once per key and kept for as long as the loaded value itself says. Callers asking for one key at
/// once share one load, which no caller's cancellation stops (a caller that gives up stops waiting; the others still
/// get the value). <paramref name="keepUntil"/> decides, when a load finishes, until when its value is kept, or
/// (null) that it is not kept: a failure, say, so the next caller loads again. A kept value that has gone stale is
/// removed by the first caller to notice, that entry only (another caller may already have put a fresh one in its
/// place), and loaded again once. Bounded by <paramref name="maxEntries"/> (null: unbounded): past it, stale
/// entries are dropped, and if that is not enough, new values are returned but not kept.
/// Holds no I/O of its own: what to load and what to keep are the caller's.
/// </summary>
internal sealed class SingleFlightCache<TValue>(Func<TValue, DateTimeOffset?> keepUntil, int? maxEntries, IEqualityComparer<string> keys, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(keys);

    /// <summary>
    /// The value kept for <paramref name="key"/>, or the one <paramref name="load"/> gives (called with the key and
    /// <paramref name="state"/>; pass a static lambda, so a lookup of a kept value allocates nothing). Not fresh only
    /// when the value loaded in place of a stale one was itself stale already. Staleness is judged at the time of
    /// asking: a value loaded for this caller answers it even if the load outlasted the value's life.
    /// </summary>
    public ValueTask<(TValue Value, bool Fresh)> GetAsync<TState>(string key, TState state, Func<string, TState, Task<TValue>> load, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entry = Find(key, state, load);

        // The hot path, a kept value still good: answered without an async state machine.
        return entry.KeptUntil is { } until && until > now
            ? new((entry.Kept, true))
            : WaitAsync(key, state, load, entry, now, cancellationToken);
    }

    private async ValueTask<(TValue Value, bool Fresh)> WaitAsync<TState>(
        string key, TState state, Func<string, TState, Task<TValue>> load, Entry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var value = await entry.Load.Value.WaitAsync(cancellationToken);
            if (entry.KeptUntil is not { } until || until > now)
            {
                return (value, true);
            }

            // Stale: the first caller to notice removes it and loads again; the others find the new entry.
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            if (attempt > 0)
            {
                return (value, false);
            }

            entry = Find(key, state, load);
        }
    }

    private Entry Find<TState>(string key, TState state, Func<string, TState, Task<TValue>> load) =>
        _entries.GetOrAdd(key, static (k, s) => new Entry(s.Cache, k, () => s.Load(k, s.State)), (Cache: this, State: state, Load: load));

    // Not tied to one caller's cancellation: the others asking for the same key wait on it. The load's own timeouts
    // bound it. A value that is not kept, or a load that threw, is removed before any waiter sees it, so no caller
    // who asks after it finished gets it.
    private async Task<TValue> LoadAsync(Entry entry, Func<Task<TValue>> load)
    {
        var kept = false;
        try
        {
            var value = await load();
            if (keepUntil(value) is { } until && HasRoom())
            {
                entry.Kept = value;
                entry.KeptUntil = until;
                kept = true;
            }

            return value;
        }
        finally
        {
            // Whatever went wrong (the load, or deciding whether to keep its value), nothing that is not kept stays.
            if (!kept)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(entry.Key, entry));
            }
        }
    }

    // The count includes the entry being decided on, and loads still under way.
    private bool HasRoom()
    {
        if (maxEntries is not { } max || _entries.Count <= max)
        {
            return true;
        }

        var now = time.GetUtcNow();
        foreach (var (key, entry) in _entries)
        {
            if (entry.KeptUntil is { } until && until <= now)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }

        return _entries.Count <= max;
    }

    // A class, not a record: removal compares entries by reference, so only the entry a caller saw is removed.
    private sealed class Entry
    {
        private long _keptUntilTicks = long.MaxValue;

        public Entry(SingleFlightCache<TValue> cache, string key, Func<Task<TValue>> load)
        {
            Key = key;
            Load = new Lazy<Task<TValue>>(() => cache.LoadAsync(this, load));
        }

        public string Key { get; }

        /// <summary>The value, once <see cref="KeptUntil"/> is set (which is written after it, with a fence).</summary>
        public TValue Kept { get; set; } = default!;

        /// <summary>Lazy: only the entry that ends up in the table starts a load.</summary>
        public Lazy<Task<TValue>> Load { get; }

        /// <summary>Null while the load is under way (and for a value that is not kept, which is removed).</summary>
        public DateTimeOffset? KeptUntil
        {
            get => Interlocked.Read(ref _keptUntilTicks) is var ticks && ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
            set => Interlocked.Exchange(ref _keptUntilTicks, value?.UtcTicks ?? long.MaxValue);
        }
    }
}
