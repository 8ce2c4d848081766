using System.Collections.Concurrent;
using Lanyard.Caching;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.Tests.Caching;

/// <summary>
/// The mechanism under the Graph app-token and Kubernetes group caches: callers asking for one key at once share one
/// load, which no caller's cancellation stops; failures are not kept; a stale value is loaded again once; the bound.
/// </summary>
public sealed class SingleFlightCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.Zero));
    private readonly Loads _loads = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CallersAskingForOneKeyAtOnce_ShareOneLoad_AndTheValueIsKept()
    {
        var cache = Cache();
        _loads.Gate = Gate();

        var callers = Enumerable.Range(0, 8).Select(_ => Get(cache, "alice")).ToList();
        var sameKeyOtherCase = Get(cache, "ALICE");

        Assert.Equal(1, _loads.Count("alice"));
        Assert.All(callers, c => Assert.False(c.IsCompleted));
        _loads.Gate.SetResult("ok:shared");
        Assert.All(await Task.WhenAll([.. callers, sameKeyOtherCase]), r => Assert.Equal(("ok:shared", true), r));

        // Kept: the next caller does not load.
        Assert.Equal(("ok:shared", true), await Get(cache, "alice"));
        Assert.Equal(1, _loads.Total);
    }

    [Fact]
    public async Task DifferentKeys_LoadSeparately()
    {
        var cache = Cache();

        Assert.Equal("ok:alice:1", (await Get(cache, "alice")).Value);
        Assert.Equal("ok:bob:1", (await Get(cache, "bob")).Value);
        Assert.Equal(2, _loads.Total);
    }

    [Fact]
    public async Task ACallerThatStopsWaiting_DoesNotCancelTheLoadTheOthersWaitFor()
    {
        var cache = Cache();
        _loads.Gate = Gate();
        using var leaves = CancellationTokenSource.CreateLinkedTokenSource(Cancel);

        var leaving = Get(cache, "alice", leaves.Token);
        var staying = Get(cache, "alice");
        await leaves.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving.WaitAsync(TimeSpan.FromSeconds(10), Cancel));
        Assert.False(staying.IsCompleted);
        _loads.Gate.SetResult("ok:shared");
        Assert.Equal(("ok:shared", true), await staying);

        // The load ran to its end and its value is kept, for the one who left too.
        Assert.Equal(("ok:shared", true), await Get(cache, "alice"));
        Assert.Equal(1, _loads.Total);
    }

    [Fact]
    public async Task AFailure_IsGivenToEveryoneWaitingOnIt_AndNotKept()
    {
        var cache = Cache();
        _loads.Gate = Gate();
        var first = Get(cache, "alice");
        var second = Get(cache, "alice");

        _loads.Gate.SetResult("failed");

        Assert.Equal(("failed", true), await first);
        Assert.Equal(("failed", true), await second);
        _loads.Gate = null;
        Assert.Equal(("ok:alice:2", true), await Get(cache, "alice"));
        Assert.Equal(2, _loads.Total);
    }

    [Fact]
    public async Task AFailureThatEveryoneStoppedWaitingFor_IsNotServedToTheNextCaller()
    {
        var cache = Cache();
        // Continuations run inline, and the load starts on a pool thread (no context to post them to): the load has
        // finished, and decided what to keep, by the time SetResult returns, with no caller waiting to see it.
        _loads.Gate = new TaskCompletionSource<string>();
        using var leaves = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var leaving = await Task.Factory.StartNew(() => Get(cache, "alice", leaves.Token), Cancel, TaskCreationOptions.None, TaskScheduler.Default);
        await leaves.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving.WaitAsync(TimeSpan.FromSeconds(10), Cancel));

        _loads.Gate.SetResult("failed");
        _loads.Gate = null;

        Assert.Equal(("ok:alice:2", true), await Get(cache, "alice"));
    }

    [Fact]
    public async Task ALoadThatThrows_ThrowsForEveryoneWaitingOnIt_AndIsNotKept()
    {
        var cache = Cache();
        _loads.Gate = Gate();
        var first = Get(cache, "alice");
        var second = Get(cache, "alice");

        _loads.Gate.SetException(new InvalidOperationException("the load broke"));

        Assert.Equal("the load broke", (await Assert.ThrowsAsync<InvalidOperationException>(() => first)).Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        _loads.Gate = null;
        Assert.Equal(("ok:alice:2", true), await Get(cache, "alice"));
    }

    [Fact]
    public async Task AStaleValue_IsLoadedAgainOnce_TheOthersShareThatLoad()
    {
        var cache = Cache();
        Assert.Equal("ok:alice:1", (await Get(cache, "alice")).Value);
        _time.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.Equal("ok:alice:1", (await Get(cache, "alice")).Value);

        _time.Advance(TimeSpan.FromSeconds(1));
        _loads.Gate = Gate();
        var noticing = Get(cache, "alice");
        var next = Get(cache, "alice");
        _loads.Gate.SetResult("ok:reloaded");

        Assert.Equal(("ok:reloaded", true), await noticing);
        Assert.Equal(("ok:reloaded", true), await next);
        Assert.Equal(2, _loads.Total);
    }

    [Fact]
    public async Task AValueStaleAsSoonAsItIsLoaded_IsLoadedAgainOnlyOnce_AndSaidNotFresh()
    {
        var cache = new SingleFlightCache<string>(_ => _time.GetUtcNow(), maxEntries: null, StringComparer.Ordinal, _time);

        Assert.Equal(("ok:alice:2", false), await Get(cache, "alice"));
        Assert.Equal(2, _loads.Total);
    }

    [Fact]
    public async Task AValueLoadedForACaller_IsFresh_IfItWasStillGoodWhenTheCallerAsked()
    {
        // Kept until one second after the call began; the load takes two. Staleness is judged at the time of asking,
        // so a load that is slower than the value's life still answers the caller it was made for.
        var asked = _time.GetUtcNow();
        var cache = new SingleFlightCache<string>(_ => asked + TimeSpan.FromSeconds(1), maxEntries: null, StringComparer.Ordinal, _time);
        _loads.Gate = Gate();

        var lookup = Get(cache, "alice");
        _time.Advance(TimeSpan.FromSeconds(2));
        _loads.Gate.SetResult("ok:slow");

        Assert.Equal(("ok:slow", true), await lookup);
        Assert.Equal(1, _loads.Total);
    }

    [Fact]
    public async Task PastTheBound_StaleEntriesAreDropped_AndIfNoneAre_NewValuesAreNotKept()
    {
        var cache = Cache(maxEntries: 2);
        await Get(cache, "alice");
        await Get(cache, "bob");

        // Full of live values: carol's is given but not kept.
        Assert.Equal("ok:carol:1", (await Get(cache, "carol")).Value);
        Assert.Equal("ok:carol:2", (await Get(cache, "carol")).Value);
        Assert.Equal("ok:alice:1", (await Get(cache, "alice")).Value);

        // Alice's and Bob's values have gone stale: they make room for Carol's.
        _time.Advance(Ttl);
        Assert.Equal("ok:carol:3", (await Get(cache, "carol")).Value);
        Assert.Equal("ok:carol:3", (await Get(cache, "carol")).Value);
        Assert.Equal(3, _loads.Count("carol"));
    }

    [Fact]
    public async Task ALookupOfAKeptValue_AllocatesNothing()
    {
        var cache = Cache();
        await Get(cache, "alice");

        // The second round is measured: the first one creates the static lambda's cached delegate.
        var allocated = 0L;
        for (var round = 0; round < 2; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var lookup = cache.GetAsync("alice", _loads, static (k, loads) => loads.LoadAsync(k), Cancel);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(lookup.IsCompletedSuccessfully);
            Assert.Equal(("ok:alice:1", true), await lookup);
        }

        Assert.Equal(0, allocated);
    }

    // Values starting "ok" are kept for a minute from when their load finished; anything else is a failure.
    private SingleFlightCache<string> Cache(int? maxEntries = null) =>
        new(value => value.StartsWith("ok", StringComparison.Ordinal) ? _time.GetUtcNow() + Ttl : null, maxEntries, StringComparer.OrdinalIgnoreCase, _time);

    private Task<(string Value, bool Fresh)> Get(SingleFlightCache<string> cache, string key, CancellationToken? cancellationToken = null) =>
        cache.GetAsync(key, _loads, static (k, loads) => loads.LoadAsync(k), cancellationToken ?? Cancel).AsTask();

    private static TaskCompletionSource<string> Gate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Counts loads per key; answers "ok:{key}:{n}" at once, or, while a gate is set, when it opens.</summary>
    private sealed class Loads
    {
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);

        public TaskCompletionSource<string>? Gate { get; set; }

        public int Total => _counts.Values.Sum();

        public int Count(string key) => _counts.GetValueOrDefault(key);

        public Task<string> LoadAsync(string key)
        {
            var n = _counts.AddOrUpdate(key, 1, static (_, count) => count + 1);
            return Gate?.Task ?? Task.FromResult($"ok:{key}:{n}");
        }
    }
}
