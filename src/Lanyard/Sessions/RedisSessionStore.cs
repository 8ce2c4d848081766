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
    private const int LockAttempts = 50 + 300; // 1 s of 20 ms polls, then 30 s of 100 ms ones
    private static readonly TimeSpan LockLifetime = TimeSpan.FromSeconds(30);
    private readonly CookieProtector _ticketProtector = CookieProtector.For(options, "redis-ticket/v1");

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
            try
            {
                await redis.Database.KeyDeleteAsync(previous.RedisKey);
            }
            catch (RedisException e)
            {
                throw Unavailable(e);
            }
        }

        await WriteAsync(context, Ticket.Create(options.Name), session);
    }

    private async ValueTask WriteAsync(HttpContext context, Ticket ticket, SessionTicket session)
    {
        var lifetime = await WriteSessionAsync(ticket, session);
        ChunkedCookies.Write(context, options.Name, _ticketProtector.Protect(Encoding.ASCII.GetBytes(ticket.Serialize()), options.Name), options.SessionCookie(context.Request, lifetime));
    }

    /// <summary>
    /// oauth2-proxy's refresh lock (<c>{key}.lock</c>, SET NX with an owner token): the replica holding it re-reads
    /// the session, redeems only if nobody refreshed it meanwhile, and saves before letting go, so a replica that
    /// waited finds the new session instead of redeeming a spent refresh token. The lock outlives the provider's
    /// and Graph's timeouts; if its holder dies, it expires and the next replica takes over.
    /// </summary>
    public async Task<SessionRefresh> RefreshExclusivelyAsync(HttpContext context, SessionTicket current, Func<Task<SessionRefresh>> redeem)
    {
        if (ReadTicket(context) is not { } ticket)
        {
            return SessionRefresh.End;
        }

        var lockKey = ticket.RedisKey + ".lock";
        var owner = RandomTokens.Create(16);
        try
        {
            if (!await TakeLockAsync(lockKey, owner))
            {
                LogEvents.SessionRefreshLockTimedOut(logger, (int)LockLifetime.TotalSeconds);
                return SessionRefresh.Keep;
            }

            try
            {
                switch (await ReadSessionAsync(ticket))
                {
                    case null:
                        return SessionRefresh.End; // signed out, or refused by the provider, while this replica waited
                    case var stored when stored.TokensObtainedAt > current.TokensObtainedAt:
                        LogEvents.SessionRefreshedElsewhere(logger);
                        return new SessionRefresh.Refreshed(stored, Stored: true);
                }

                switch (await redeem())
                {
                    case SessionRefresh.Refreshed refreshed:
                        await WriteSessionAsync(ticket, refreshed.Ticket);
                        return refreshed with { Stored = true };
                    case SessionRefresh.Ended:
                        // Inside the lock, so a waiting replica sees the session gone rather than redeeming again.
                        await redis.Database.KeyDeleteAsync(ticket.RedisKey);
                        return SessionRefresh.End;
                    case var kept:
                        return kept;
                }
            }
            finally
            {
                await redis.Database.LockReleaseAsync(lockKey, owner);
            }
        }
        catch (RedisException e)
        {
            throw Unavailable(e);
        }
    }

    public async ValueTask ClearAsync(HttpContext context)
    {
        if (ReadTicket(context) is { } ticket)
        {
            try
            {
                await redis.Database.KeyDeleteAsync(ticket.RedisKey);
            }
            catch (RedisException e)
            {
                throw Unavailable(e);
            }
        }

        ChunkedCookies.Delete(context, options.Name, options.SessionCookie(context.Request, null));
    }

    public async ValueTask<bool> IsReadyAsync()
    {
        try
        {
            await redis.Database.PingAsync();
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits for the lock the way oauth2-proxy does (short polls), bounded by attempts rather than a clock so the
    /// wait ends whatever the configured <see cref="TimeProvider"/> does; the bound covers the lock's lifetime.
    /// </summary>
    private async Task<bool> TakeLockAsync(string lockKey, string owner)
    {
        for (var attempt = 0; attempt < LockAttempts; attempt++)
        {
            if (await redis.Database.LockTakeAsync(lockKey, owner, LockLifetime))
            {
                return true;
            }

            await Task.Delay(attempt < 50 ? TimeSpan.FromMilliseconds(20) : TimeSpan.FromMilliseconds(100));
        }

        return false;
    }

    private async Task<SessionTicket?> ReadSessionAsync(Ticket ticket)
    {
        RedisValue stored;
        try
        {
            stored = await redis.Database.StringGetAsync(ticket.RedisKey);
        }
        catch (RedisException e)
        {
            throw Unavailable(e);
        }

        var value = stored.IsNullOrEmpty ? null : stored.ToString();
        if (value is null || !_decoded.TryGet(ticket.Key, value, out var session))
        {
            if (value is null
                || !new CookieProtector(ticket.Key, "redis-session/v1").TryUnprotect(value, ticket.RedisKey, out var plaintext)
                || SessionPayload.Decode(plaintext) is not { } decoded)
            {
                LogEvents.SessionCookieRejected(logger, "its session is not in Redis (signed out, expired, or another deployment's)");
                return null;
            }

            session = decoded;
            _decoded.Add(ticket.Key, value, session);
        }

        return options.HasEnded(session, time.GetUtcNow()) ? null : session;
    }

    /// <returns>How long the session has left: the key's TTL and the cookie's Max-Age.</returns>
    private async Task<TimeSpan> WriteSessionAsync(Ticket ticket, SessionTicket session)
    {
        var lifetime = session.ExpiresAt == DateTimeOffset.MaxValue ? options.Expire : session.ExpiresAt - time.GetUtcNow();
        var value = new CookieProtector(ticket.Key, "redis-session/v1").Protect(SessionPayload.Encode(session), ticket.RedisKey);
        try
        {
            await redis.Database.StringSetAsync(ticket.RedisKey, value, lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromDays(1));
        }
        catch (RedisException e)
        {
            throw Unavailable(e);
        }

        return lifetime;
    }

    private Ticket? ReadTicket(HttpContext context) =>
        ChunkedCookies.Read(context.Request.Cookies, options.Name) is { } value && _ticketProtector.TryUnprotect(value, options.Name, out var bytes)
            ? Ticket.Parse(Encoding.ASCII.GetString(bytes), options.Name)
            : null;

    private SessionStoreUnavailableException Unavailable(RedisException e)
    {
        LogEvents.SessionStoreUnavailable(logger, e.GetType().Name);
        return new SessionStoreUnavailableException("The session store (Redis) cannot be reached.", e);
    }

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
