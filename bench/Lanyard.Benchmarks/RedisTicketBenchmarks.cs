using BenchmarkDotNet.Attributes;
using Lanyard.Sessions;
using Lanyard.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Lanyard.Benchmarks;

/// <summary>
/// The Redis session round trip against a real redis-server on 127.0.0.1 (Debian's; bench/run.sh and ./test.sh
/// install it), through the store Lanyard's DI builds for <c>session_store_type = "redis"</c> (with its metrics
/// wrapper): load = the ticket cookie → GET → the decoded session (decoding is cached per stored value); save = a new
/// ticket, SET with expiry and the Set-Cookie; save then load = a sign-in followed by the next request. The baseline
/// is a bare GET of a small key on its own multiplexer: the network and Redis floor under every load.
/// </summary>
[MemoryDiagnoser]
public class RedisTicketBenchmarks
{
    private RedisServerProcess _redis = null!;
    private LanyardTestEnvironment _env = null!;
    private ISessionStore _store = null!;
    private ConnectionMultiplexer _baseline = null!;
    private IDatabase _baselineDb = null!;
    private SessionTicket _ticket = null!;
    private string _cookieHeader = "";

    [GlobalSetup]
    public void Setup()
    {
        _redis = RedisServerProcess.StartAsync().GetAwaiter().GetResult();
        _env = LanyardTestEnvironment.StartAsync(s =>
        {
            s["session_store_type"] = "redis";
            s["redis_connection_url"] = _redis.Url;
        }).GetAwaiter().GetResult();
        _store = _env.Proxy.Services.GetRequiredService<ISessionStore>();
        _baseline = ConnectionMultiplexer.Connect($"127.0.0.1:{_redis.Port}");
        _baselineDb = _baseline.GetDatabase();
        _baselineDb.StringSet("bench:floor", "x");

        _ticket = BenchmarkSessions.Ticket();
        _cookieHeader = Save();
        if (_store.LoadAsync(Request(_cookieHeader)).AsTask().GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException("The saved session does not load; the benchmark would measure nothing.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _baseline.Dispose();
        _env.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _redis.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task<RedisValue> BareGet() => _baselineDb.StringGetAsync("bench:floor");

    [Benchmark]
    public async Task<bool> Load() => await _store.LoadAsync(Request(_cookieHeader)) is not null;

    [Benchmark]
    public async Task<bool> SaveThenLoad()
    {
        var saved = new DefaultHttpContext();
        await _store.SaveNewAsync(saved, _ticket);
        var cookie = BenchmarkSessions.CookiePairsOf(saved);
        var ticket = await _store.LoadAsync(Request(cookie));
        // Each iteration makes a ticket; delete it so the server's memory and the key count stay as they were.
        await _store.ClearAsync(Request(cookie));
        return ticket is not null;
    }

    private string Save()
    {
        var context = new DefaultHttpContext();
        _store.SaveNewAsync(context, _ticket).AsTask().GetAwaiter().GetResult();
        return BenchmarkSessions.CookiePairsOf(context);
    }

    private static DefaultHttpContext Request(string cookieHeader)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = cookieHeader;
        return context;
    }
}
