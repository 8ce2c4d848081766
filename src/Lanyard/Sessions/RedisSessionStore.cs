using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Lanyard.Configuration;
using Lanyard.Observability;
using Lanyard.Security;
using StackExchange.Redis;

namespace Lanyard.Sessions;

/// <summary>
/// <c>session_store_type = "redis"</c> (oauth2-proxy's ticket design): the cookie carries only a random ticket,
/// an id and a key, encrypted with the cookie secret; the session lives in Redis under <c>{cookie_name}-{id}</c>,
/// encrypted with the ticket's own key and expiring with the session. Redis alone exposes no token; signing out
/// deletes the key, so a copied cookie stops working on every replica at once.
/// </summary>
internal sealed class RedisSessionStore(SessionCookieOptions options, RedisConnection redis, TimeProvider time, ILogger<RedisSessionStore> logger) : ISessionStore
{
    private const string TicketPrefix = "v1.";

    // Waiting for another replica's lock: 1 s of 20 ms polls, then 30 s of 100 ms ones.
    private const int QuickLockPolls = 50;
    private const int SlowLockPolls = 300;
    private static readonly TimeSpan LockWaitBudget = (QuickLockPolls * TimeSpan.FromMilliseconds(20)) + (SlowLockPolls * TimeSpan.FromMilliseconds(100));

    private readonly CookieProtector _ticketProtector = CookieProtector.For(options, "redis-ticket/v1");

    /// <summary>
    /// How long the refresh lock lasts unless renewed. It is renewed while held, so it only runs out when its
    /// holder dies or loses Redis; then the next replica goes on. Settable for tests.
    /// </summary>
    internal TimeSpan LockLifetime { get; init; } = TimeSpan.FromSeconds(15);

    // The value in Redis changes only when the session does; decoding it on every request was most of the cost.
    private readonly DecodedSessionCache _decoded = new();

    public async ValueTask<SessionTicket?> LoadAsync(HttpContext context) =>
        ReadTicket(context) is { } ticket ? await ReadSessionAsync(ticket) : null;

    public async ValueTask SaveAsync(HttpContext context, SessionTicket session) =>
        // Keep the browser's ticket across refreshes (the same key in Redis), else issue a new one.
        await WriteAsync(context, ReadTicket(context) ?? Ticket.Create(options.Name), session);

    public async ValueTask SaveNewAsync(HttpContext context, SessionTicket session)
    {
        if (ReadTicket(context) is { } previous)
        {
            await Redis(db => db.KeyDeleteAsync(previous.RedisKey));
        }

        await WriteAsync(context, Ticket.Create(options.Name), session);
    }

    /// <summary>
    /// oauth2-proxy's refresh lock (<c>{key}.lock</c>, SET NX with an owner token). The replica holding it
    /// re-reads the session and redeems only if nobody refreshed it meanwhile. It saves before letting go, so a
    /// replica that waited finds the new session instead of redeeming a spent refresh token. The lock is renewed
    /// while the redemption runs (Graph throttling can make that long), and every write under it is conditional
    /// on still holding it: a holder that lost the lock never overwrites what the next holder saved.
    /// </summary>
    public async Task<SessionRefresh> RefreshExclusivelyAsync(HttpContext context, SessionTicket current, Func<Task<SessionRefresh>> redeem)
    {
        if (ReadTicket(context) is not { } ticket)
        {
            return SessionRefresh.End;
        }

        var lockKey = ticket.RedisKey + ".lock";
        var owner = RandomTokens.Create(16);
        if (!await TakeLockAsync(lockKey, owner))
        {
            LogEvents.SessionRefreshLockTimedOut(logger, (int)LockWaitBudget.TotalSeconds);
            return SessionRefresh.Keep;
        }

        using var renewal = new CancellationTokenSource();
        var renewing = RenewLockAsync(lockKey, owner, renewal.Token);
        try
        {
            switch (await ReadSessionAsync(ticket))
            {
                case null:
                    return SessionRefresh.End; // signed out, or refused by the provider, while this replica waited
                case var stored when RefreshedSince(stored, current):
                    LogEvents.SessionRefreshedElsewhere(logger);
                    return new SessionRefresh.Refreshed(stored, Stored: true);
            }

            switch (await redeem())
            {
                case SessionRefresh.Refreshed refreshed:
                    var value = Seal(ticket, refreshed.Ticket, out var lifetime);
                    // Only over a session that still exists: a sign-out while the provider was answering deleted it,
                    // and sign-out wins (issue 9, finding 4); writing it back would revive every copy of the cookie.
                    if (!await WhileHoldingAsync(lockKey, owner, transaction => transaction.StringSetAsync(ticket.RedisKey, value, lifetime), Condition.KeyExists(ticket.RedisKey))
                        && !await Redis(db => db.KeyExistsAsync(ticket.RedisKey)))
                    {
                        LogEvents.SessionRefreshDiscarded(logger);
                        return SessionRefresh.End;
                    }

                    // Saved, or the lock was lost and the next holder decides: either way this request has fresh tokens.
                    return refreshed with { Stored = true };
                case SessionRefresh.Ended:
                    // Inside the lock, so a waiting replica sees the session gone rather than redeeming again.
                    await WhileHoldingAsync(lockKey, owner, transaction => transaction.KeyDeleteAsync(ticket.RedisKey));
                    return SessionRefresh.End;
                case var kept:
                    return kept;
            }
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
            // Best effort: a failed release must not undo a refresh already saved; the lock expires by itself.
            await BestEffortAsync(db => db.LockReleaseAsync(lockKey, owner));
        }
    }

    public async ValueTask ClearAsync(HttpContext context)
    {
        if (ReadTicket(context) is { } ticket)
        {
            await Redis(db => db.KeyDeleteAsync(ticket.RedisKey));
        }

        ChunkedCookies.Delete(context, options.Name, options.SessionCookie(context.Request, null));
    }

    public async ValueTask<bool> IsReadyAsync()
    {
        try
        {
            await (await redis.GetDatabaseAsync()).PingAsync();
            return true;
        }
        catch (Exception e) when (RedisConnection.IsFailure(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Whether another replica saved a refresh since this request loaded the session. Compared by content, not by
    /// clock: replicas' clocks differ, and a provider that does not rotate refresh tokens keeps the same one.
    /// </summary>
    private static bool RefreshedSince(SessionTicket stored, SessionTicket current) =>
        stored.TokensObtainedAt != current.TokensObtainedAt
        || !string.Equals(stored.Tokens.RefreshToken, current.Tokens.RefreshToken, StringComparison.Ordinal)
        || !string.Equals(stored.Tokens.AccessToken, current.Tokens.AccessToken, StringComparison.Ordinal);

    /// <summary>
    /// Waits for the lock the way oauth2-proxy does (short polls), bounded by attempts rather than a clock so the
    /// wait ends whatever the configured <see cref="TimeProvider"/> does.
    /// </summary>
    private async Task<bool> TakeLockAsync(string lockKey, string owner)
    {
        for (var attempt = 0; attempt < QuickLockPolls + SlowLockPolls; attempt++)
        {
            if (await Redis(db => db.LockTakeAsync(lockKey, owner, LockLifetime)))
            {
                return true;
            }

            await Task.Delay(attempt < QuickLockPolls ? TimeSpan.FromMilliseconds(20) : TimeSpan.FromMilliseconds(100));
        }

        return false;
    }

    /// <summary>Extends the lock every third of its lifetime until cancelled or lost. Losing it only makes the final write a no-op.</summary>
    private async Task RenewLockAsync(string lockKey, string owner, CancellationToken stop)
    {
        try
        {
            do
            {
                await Task.Delay(LockLifetime / 3, stop);
            }
            while (await BestEffortAsync(db => db.LockExtendAsync(lockKey, owner, LockLifetime)));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Runs one write only if this owner still holds the lock (a transaction guarded by the lock's value) and the
    /// extra condition, if any, holds when it runs.
    /// </summary>
    /// <returns>Whether it ran.</returns>
    private Task<bool> WhileHoldingAsync(string lockKey, string owner, Func<ITransaction, Task> write, Condition? also = null) => Redis(async db =>
    {
        var transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(lockKey, owner));
        if (also is not null)
        {
            transaction.AddCondition(also);
        }

        _ = write(transaction);
        return await transaction.ExecuteAsync();
    });

    private async Task<SessionTicket?> ReadSessionAsync(Ticket ticket)
    {
        var stored = await Redis(db => db.StringGetAsync(ticket.RedisKey));
        // A session seen before is found by the hash of the stored bytes; only a new one is decoded as text and decrypted.
        var key = stored.IsNullOrEmpty ? default : DecodedSessionCache.KeyFor(ticket.Key, ((ReadOnlyMemory<byte>)stored).Span);
        if (stored.IsNullOrEmpty || !_decoded.TryGet(key, out var session))
        {
            if (stored.IsNullOrEmpty
                || !new CookieProtector(ticket.Key, "redis-session/v1").TryUnprotect(stored.ToString(), ticket.RedisKey, out var plaintext)
                || SessionPayload.Decode(plaintext) is not { } decoded)
            {
                LogEvents.SessionCookieRejected(logger, "its session is not in Redis (signed out, expired, or another deployment's)");
                return null;
            }

            session = decoded;
            _decoded.Add(key, session);
        }

        return options.HasEnded(session, time.GetUtcNow()) ? null : session;
    }

    private async ValueTask WriteAsync(HttpContext context, Ticket ticket, SessionTicket session)
    {
        var value = Seal(ticket, session, out var lifetime);
        await Redis(db => db.StringSetAsync(ticket.RedisKey, value, lifetime));
        ChunkedCookies.Write(context, options.Name, _ticketProtector.Protect(Encoding.ASCII.GetBytes(ticket.Serialize()), options.Name), options.SessionCookie(context.Request, lifetime));
    }

    /// <summary>The session encrypted with the ticket's own key, and how long it has left (the key's TTL and the cookie's Max-Age).</summary>
    private string Seal(Ticket ticket, SessionTicket session, out TimeSpan lifetime)
    {
        lifetime = session.ExpiresAt == DateTimeOffset.MaxValue ? options.Expire : session.ExpiresAt - time.GetUtcNow();
        if (lifetime <= TimeSpan.Zero)
        {
            lifetime = TimeSpan.FromDays(1);
        }

        return new CookieProtector(ticket.Key, "redis-session/v1").Protect(SessionPayload.Encode(session), ticket.RedisKey);
    }

    /// <summary>One Redis operation about the lock, whose failure must not fail the request: logged, and false.</summary>
    private async Task<bool> BestEffortAsync(Func<IDatabase, Task<bool>> operation)
    {
        try
        {
            return await operation(await redis.GetDatabaseAsync());
        }
        catch (Exception e) when (RedisConnection.IsFailure(e))
        {
            LogEvents.SessionStoreUnavailable(logger, e.GetType().Name);
            return false;
        }
    }

    /// <summary>One Redis operation; any Redis failure (timeouts included) becomes the store's "unavailable", a 503.</summary>
    private async Task<T> Redis<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation(await redis.GetDatabaseAsync());
        }
        catch (Exception e) when (RedisConnection.IsFailure(e))
        {
            LogEvents.SessionStoreUnavailable(logger, e.GetType().Name);
            throw new SessionStoreUnavailableException("The session store (Redis) cannot be reached.", e);
        }
    }

    private Ticket? ReadTicket(HttpContext context) =>
        ChunkedCookies.Read(context.Request, options.Name) is { } value && _ticketProtector.TryUnprotect(value, options.Name, out var bytes)
            ? Ticket.Parse(Encoding.ASCII.GetString(bytes), options.Name)
            : null;

    /// <summary>16 random bytes of id (the Redis key) and 32 of key (the session's own encryption key).</summary>
    private sealed record Ticket(string Id, byte[] Key, string RedisKey)
    {
        public static Ticket Create(string cookieName)
        {
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            return new Ticket(id, RandomNumberGenerator.GetBytes(32), cookieName + "-" + id);
        }

        public static Ticket? Parse(string text, string cookieName)
        {
            var parts = text.Split('.');
            if (parts.Length != 3 || parts[0] + "." != TicketPrefix || parts[1].Length != 32 || !Base64Url.IsValid(parts[2]))
            {
                return null;
            }

            var key = Base64Url.DecodeFromChars(parts[2]);
            return key.Length == 32 ? new Ticket(parts[1], key, cookieName + "-" + parts[1]) : null;
        }

        public string Serialize() => TicketPrefix + Id + "." + Base64Url.EncodeToString(Key);

        public override string ToString() => $"Ticket {{ Id = {Id} }}";
    }
}
