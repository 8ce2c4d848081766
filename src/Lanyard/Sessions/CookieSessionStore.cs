using Lanyard.Configuration;
using Lanyard.Headers;
using Lanyard.Observability;
using Lanyard.Security;

namespace Lanyard.Sessions;

/// <summary>
/// Keeps the whole session in an encrypted, authenticated cookie: nothing on the server, any replica with the
/// same <c>cookie_secret</c> can read it. A cookie that fails to decrypt, to parse, or whose session has expired
/// is treated as no session.
/// </summary>
internal sealed class CookieSessionStore(SessionCookieOptions options, TimeProvider time, ILogger<CookieSessionStore> logger) : ISessionStore
{
    private readonly CookieProtector _protector = CookieProtector.For(options, "session-cookie/v1");
    private readonly DecodedSessionCache _decoded = new();
    private readonly ConnectionHeaderMemo<Sha256Key> _keyOfConnectionsCookie = new();

    public ValueTask<SessionTicket?> LoadAsync(HttpContext context)
    {
        var value = ChunkedCookies.Find(context.Request, options.Name);
        if (value.IsMissing)
        {
            return ValueTask.FromResult<SessionTicket?>(null);
        }

        // A session seen before is found by its cookie's hash; only a new one is copied out of the header and decrypted.
        var key = KeyFor(context, value);
        if (!_decoded.TryGet(key, out var ticket))
        {
            if (!_protector.TryUnprotect(value.ToStringOrNull()!, options.Name, out var plaintext))
            {
                LogEvents.SessionCookieRejected(logger, "it does not decrypt with the current cookie secret (tampered, truncated or from another deployment)");
                return ValueTask.FromResult<SessionTicket?>(null);
            }

            if (SessionPayload.Decode(plaintext) is not { } decoded)
            {
                LogEvents.SessionCookieRejected(logger, "its content is not a session");
                return ValueTask.FromResult<SessionTicket?>(null);
            }

            ticket = decoded;
            _decoded.Add(key, ticket);
        }

        if (options.HasEnded(ticket, time.GetUtcNow()))
        {
            LogEvents.SessionCookieRejected(logger, "the session has expired");
            return ValueTask.FromResult<SessionTicket?>(null);
        }

        return ValueTask.FromResult<SessionTicket?>(ticket);
    }

    /// <summary>The cookie's hash, once per keep-alive connection while its Cookie header stays the same.</summary>
    private Sha256Key KeyFor(HttpContext context, in SessionCookieValue value)
    {
        var cookies = context.Request.Headers.Cookie;
        if (cookies.Count != 1 || cookies[0] is not { } header)
        {
            return DecodedSessionCache.KeyFor(value);
        }

        if (!_keyOfConnectionsCookie.TryGet(context, header, out var key))
        {
            key = DecodedSessionCache.KeyFor(value);
            _keyOfConnectionsCookie.Set(context, header, key);
        }

        return key;
    }

    public ValueTask SaveAsync(HttpContext context, SessionTicket ticket)
    {
        if (options.Minimal)
        {
            // session_cookie_minimal: who the user is, not the tokens (the configuration made sure nothing needs them).
            ticket = ticket with { Tokens = new SessionTokens(null, null, null, null) };
        }

        var value = _protector.Protect(SessionPayload.Encode(ticket), options.Name);
        var remaining = ticket.ExpiresAt - time.GetUtcNow();
        ChunkedCookies.Write(context, options.Name, value, options.SessionCookie(context.Request, remaining));
        return ValueTask.CompletedTask;
    }

    public ValueTask ClearAsync(HttpContext context)
    {
        ChunkedCookies.Delete(context, options.Name, options.SessionCookie(context.Request, null));
        return ValueTask.CompletedTask;
    }
}
