using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Lanyard.Configuration;
using Lanyard.Observability;
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
    private readonly CookieProtector _ticketProtector = CookieProtector.For(options, "redis-ticket/v1");

    public async ValueTask<SessionTicket?> LoadAsync(HttpContext context)
    {
        if (ReadTicket(context) is not { } ticket)
        {
            return null;
        }

        RedisValue stored;
        try
        {
            stored = await redis.Database.StringGetAsync(ticket.RedisKey);
        }
        catch (RedisException e)
        {
            throw Unavailable(e);
        }

        if (stored.IsNullOrEmpty
            || !new CookieProtector(ticket.Key, "redis-session/v1").TryUnprotect(stored.ToString(), ticket.RedisKey, out var plaintext)
            || SessionPayload.Decode(plaintext) is not { } session)
        {
            LogEvents.SessionCookieRejected(logger, "its session is not in Redis (signed out, expired, or another deployment's)");
            return null;
        }

        return options.HasEnded(session, time.GetUtcNow()) ? null : session;
    }

    public async ValueTask SaveAsync(HttpContext context, SessionTicket session)
    {
        // Keep the browser's ticket across refreshes (the same key in Redis), else issue a new one.
        var ticket = ReadTicket(context) ?? Ticket.Create(options.Name);
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

        ChunkedCookies.Write(context, options.Name, _ticketProtector.Protect(Encoding.ASCII.GetBytes(ticket.Serialize()), options.Name), options.SessionCookie(context.Request, lifetime));
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
