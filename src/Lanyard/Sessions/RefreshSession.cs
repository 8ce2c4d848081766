using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Lanyard.Configuration;
using Lanyard.Observability;
using Lanyard.Providers.Oidc;

namespace Lanyard.Sessions;

/// <summary>
/// <c>cookie_refresh</c>: a session whose tokens are older than this is refreshed before it is used; the new tokens,
/// identity and groups are saved, and a failed refresh ends the session. Concurrent requests carrying the same
/// session share one redemption (Entra refresh tokens rotate; redeeming one many times at once is how
/// oauth2-proxy users get logged out, #1992), and a result is reused briefly for requests that were already on
/// their way with the old cookie. The session's absolute lifetime (<c>cookie_expire</c>) is not extended.
/// </summary>
internal sealed class RefreshSession(SessionCookieOptions cookie, OidcProvider provider, TimeProvider time, ILogger<RefreshSession> logger)
{
    private static readonly TimeSpan ReuseWindow = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, InFlight> _refreshes = new(StringComparer.Ordinal);

    public bool IsDue(SessionTicket ticket) =>
        cookie.Refresh > TimeSpan.Zero && time.GetUtcNow() - ticket.TokensObtainedAt >= cookie.Refresh;

    /// <summary>The refreshed ticket, or null when the session has ended.</summary>
    public async Task<SessionTicket?> RefreshAsync(SessionTicket ticket)
    {
        var key = Key(ticket);
        var now = time.GetUtcNow();
        foreach (var stale in _refreshes.Where(r => r.Value.Until < now))
        {
            _refreshes.TryRemove(stale);
        }

        var inFlight = _refreshes.GetOrAdd(key, _ => new InFlight(new Lazy<Task<SessionTicket?>>(() => RedeemAsync(ticket)), now + ReuseWindow));
        return await inFlight.Result.Value;
    }

    private async Task<SessionTicket?> RedeemAsync(SessionTicket ticket)
    {
        // Not the request's token: a cancelled request must not cancel the refresh others are waiting for.
        switch (await provider.RefreshAsync(ticket, CancellationToken.None))
        {
            case RefreshResult.Refreshed refreshed:
                LogEvents.SessionRefreshed(logger, refreshed.Identity.User);
                return ticket with { Identity = refreshed.Identity, Tokens = refreshed.Tokens, RefreshedAt = time.GetUtcNow() };
            case RefreshResult.Failed failed:
                LogEvents.SessionRefreshFailed(logger, failed.Reason);
                return null;
            default:
                return null;
        }
    }

    private static string Key(SessionTicket ticket) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ticket.Tokens.RefreshToken ?? ticket.Identity.User + ticket.CreatedAt.ToUnixTimeMilliseconds())));

    private sealed record InFlight(Lazy<Task<SessionTicket?>> Result, DateTimeOffset Until);
}
