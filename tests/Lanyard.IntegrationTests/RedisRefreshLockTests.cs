using Lanyard.Configuration;
using Lanyard.Identity;
using Lanyard.Sessions;
using Lanyard.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lanyard.IntegrationTests;

/// <summary>
/// The Redis refresh lock, store to store on a real redis-server: two stores are two replicas. A redemption that
/// outlasts the lock's lifetime keeps it (renewed), so the other replica waits and takes its result.
/// </summary>
public sealed class RedisRefreshLockTests : IAsyncLifetime
{
    private static readonly SessionCookieOptions Cookie = new(
        "_oauth2_proxy", CookieSecret.TryParse(LanyardTestEnvironment.CookieSecret, out var secret, out _) ? secret! : throw new InvalidOperationException(),
        "/", TimeSpan.FromHours(168), TimeSpan.FromMinutes(1), true, true, SameSiteMode.Lax, TimeSpan.FromMinutes(15));

    private RedisServerProcess _redis = null!;

    public async ValueTask InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task RedemptionLongerThanTheLock_KeepsIt_AndTheOtherReplicaTakesItsResult()
    {
        using var connectionA = Connection();
        using var connectionB = Connection();
        var replicaA = Store(connectionA);
        var replicaB = Store(connectionB);
        var (session, cookie, now) = await SignInAsync(replicaA);

        var aRedeeming = new TaskCompletionSource();
        var bRedemptions = 0;
        var onA = replicaA.RefreshExclusivelyAsync(Request(cookie), session, async () =>
        {
            aRedeeming.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(3)); // three lock lifetimes: only renewal keeps B out
            return new SessionRefresh.Refreshed(session with { Tokens = new SessionTokens("id-2", "access-2", "refresh-2", now.AddHours(2)), RefreshedAt = now.AddSeconds(1) });
        });
        await aRedeeming.Task;
        var onB = await replicaB.RefreshExclusivelyAsync(Request(cookie), session, () =>
        {
            Interlocked.Increment(ref bRedemptions);
            return Task.FromResult<SessionRefresh>(SessionRefresh.End);
        });

        Assert.Equal(0, bRedemptions);
        var fromA = Assert.IsType<SessionRefresh.Refreshed>(await onA);
        var fromB = Assert.IsType<SessionRefresh.Refreshed>(onB);
        Assert.True(fromA.Stored && fromB.Stored);
        Assert.Equal("refresh-2", fromB.Ticket.Tokens.RefreshToken);
        Assert.Equal("refresh-2", (await replicaB.LoadAsync(Request(cookie)))?.Tokens.RefreshToken);
        Assert.DoesNotContain(".lock", await RedisCommand.SendAsync(_redis.Port, "KEYS", "*"), StringComparison.Ordinal); // released
    }

    [Fact]
    public async Task SignOutWhileARefreshIsAtTheProvider_Wins_TheSessionIsNotWrittenBack()
    {
        // Issue 9, finding 4: the refresh read the session, then the user signed out, then the provider answered.
        using var connectionA = Connection();
        using var connectionB = Connection();
        var replicaA = Store(connectionA);
        var replicaB = Store(connectionB);
        var (session, cookie, now) = await SignInAsync(replicaA);

        var atProvider = new TaskCompletionSource();
        var signedOut = new TaskCompletionSource();
        var refreshing = replicaA.RefreshExclusivelyAsync(Request(cookie), session, async () =>
        {
            atProvider.SetResult();
            await signedOut.Task;
            return new SessionRefresh.Refreshed(session with { Tokens = new SessionTokens("id-2", "access-2", "refresh-2", now.AddHours(2)), RefreshedAt = now.AddSeconds(1) });
        });
        await atProvider.Task;
        await replicaB.ClearAsync(Request(cookie));
        signedOut.SetResult();

        Assert.IsType<SessionRefresh.Ended>(await refreshing);
        Assert.Null(await replicaA.LoadAsync(Request(cookie)));
        Assert.Null(await replicaB.LoadAsync(Request(cookie)));
        Assert.DoesNotContain("_oauth2_proxy-", await RedisCommand.SendAsync(_redis.Port, "KEYS", "*"), StringComparison.Ordinal);
    }

    /// <summary>Alice's session, saved through <paramref name="replica"/>, and the cookie that names it.</summary>
    private static async Task<(SessionTicket Session, string Cookie, DateTimeOffset Now)> SignInAsync(RedisSessionStore replica)
    {
        var now = TimeProvider.System.GetUtcNow();
        var session = new SessionTicket(new UserIdentity("alice", "alice@contoso.test", null, [], []), now, now.AddHours(1), new SessionTokens("id-1", "access-1", "refresh-1", now.AddHours(1)));
        var signIn = new DefaultHttpContext();
        await replica.SaveNewAsync(signIn, session);
        var cookie = signIn.Response.Headers.SetCookie.Single(c => c!.StartsWith("_oauth2_proxy=", StringComparison.Ordinal))!.Split(';')[0];
        return (session, cookie, now);
    }

    private RedisConnection Connection() => new(new SessionStoreOptions.Redis(
        new RedisServers.Standalone($"127.0.0.1:{_redis.Port}"), 0, false, false, null, null, null, TimeSpan.Zero));

    private static RedisSessionStore Store(RedisConnection connection) =>
        new(Cookie, connection, TimeProvider.System, NullLogger<RedisSessionStore>.Instance) { LockLifetime = TimeSpan.FromSeconds(1) };

    private static DefaultHttpContext Request(string cookie)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = cookie;
        return context;
    }
}
