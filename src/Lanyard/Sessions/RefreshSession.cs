using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Lanyard.Configuration;
using Lanyard.Observability;
using Lanyard.Providers.Oidc;

namespace Lanyard.Sessions;

/// <summary>
/// <c>cookie_refresh</c>: a session whose tokens are older than this is refreshed before it is used; the new tokens,
/// identity and groups are saved. A refusal by the provider ends the session; an unreachable provider does not
/// (oauth2-proxy 7.15.2, #3333: signing everyone out during an outage helps no one), the session goes on until it is
/// refreshed or reaches <c>cookie_expire</c>, whose absolute limit a refresh never extends.
/// Concurrent requests carrying the same session share one redemption (Entra refresh tokens rotate; redeeming one
/// many times at once is how oauth2-proxy users get logged out, #1992), and a result is reused briefly for
/// requests that were already on their way with the old cookie. Across replicas the store decides: Redis holds a
/// short lock per session (<see cref="ISessionStore.RefreshExclusivelyAsync"/>).
/// </summary>
internal sealed class RefreshSession(SessionCookieOptions cookie, OidcProvider provider, ISessionStore store, TimeProvider time, LanyardMetrics metrics, ILogger<RefreshSession> logger)
{
    private static readonly TimeSpan ReuseWindow = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, InFlight> _refreshes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _signedOut = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    /// <summary>
    /// Sign-out wins over a refresh in flight (issue 9, finding 4): requests that share this session's refresh
    /// get "ended" instead of fresh tokens, so no response revives the session after the sign-out's. Within this
    /// process; the Redis store makes it hold across replicas (it refuses to write a signed-out session back).
    /// </summary>
    public void SignedOut(SessionTicket ticket)
    {
        if (ticket.Tokens.RefreshToken is { Length: > 0 } refreshToken)
        {
            _signedOut[KeyOf(refreshToken)] = time.GetUtcNow() + ReuseWindow + ReuseWindow;
        }
    }

    public bool IsDue(SessionTicket ticket) =>
        cookie.Refresh > TimeSpan.Zero && time.GetUtcNow() - ticket.TokensObtainedAt >= cookie.Refresh;

    public async Task<SessionRefresh> RefreshAsync(HttpContext context, SessionTicket ticket)
    {
        if (ticket.Tokens.RefreshToken is not { Length: > 0 } refreshToken)
        {
            LogEvents.SessionRefreshFailed(logger, "the session has no refresh token (add offline_access to scope)");
            metrics.Refresh("no_refresh_token");
            return SessionRefresh.End;
        }

        var now = time.GetUtcNow();
        SweepStale(now);

        var key = KeyOf(refreshToken);
        if (WasSignedOut(key, now))
        {
            return SessionRefresh.End;
        }

        // A remembered outcome past its window is replaced here, whether or not the sweep has removed it yet.
        var inFlight = _refreshes.AddOrUpdate(
            key,
            _ => Start(context, ticket, now),
            (_, existing) => existing.Until < now ? Start(context, ticket, now) : existing);
        // Outcomes are remembered for the reuse window, "provider unavailable" too: during an outage each session
        // waits for the provider's timeout once per window, not on every request.
        try
        {
            var outcome = await inFlight.Result.Value;
            return WasSignedOut(key, time.GetUtcNow()) ? SessionRefresh.End : outcome;
        }
        catch (SessionStoreUnavailableException)
        {
            // The store failed (Redis down during the lock), not the provider: nothing to remember, the next request tries again.
            _refreshes.TryRemove(new KeyValuePair<string, InFlight>(key, inFlight));
            throw;
        }
    }

    /// <summary>
    /// Forgets outcomes past their reuse window, at most once per window: sweeping on every refresh was O(n) each
    /// time. An entry lives at most two windows.
    /// </summary>
    private void SweepStale(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + ReuseWindow).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var stale in _refreshes.Where(r => r.Value.Until < now))
        {
            _refreshes.TryRemove(stale);
        }

        foreach (var stale in _signedOut.Where(s => s.Value < now))
        {
            _signedOut.TryRemove(stale);
        }
    }

    private bool WasSignedOut(string key, DateTimeOffset now) => _signedOut.TryGetValue(key, out var until) && until >= now;

    private static string KeyOf(string refreshToken) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)));

    // Lazy: only the entry that ends up in the table starts a redemption.
    private InFlight Start(HttpContext context, SessionTicket ticket, DateTimeOffset now) =>
        new(new Lazy<Task<SessionRefresh>>(() => store.RefreshExclusivelyAsync(context, ticket, () => RedeemAsync(ticket))), now + ReuseWindow);

    private async Task<SessionRefresh> RedeemAsync(SessionTicket ticket)
    {
        try
        {
            // Not the request's token: a cancelled request must not cancel the refresh others are waiting for.
            // The provider's HttpClient timeout bounds it.
            switch (await provider.RefreshAsync(ticket, CancellationToken.None))
            {
                case RefreshResult.Refreshed refreshed:
                    LogEvents.SessionRefreshed(logger, refreshed.Identity.User);
                    metrics.Refresh("refreshed");
                    return new SessionRefresh.Refreshed(ticket with { Identity = refreshed.Identity, Tokens = refreshed.Tokens, RefreshedAt = time.GetUtcNow(), Binding = refreshed.Binding });
                case RefreshResult.Unavailable unavailable:
                    LogEvents.SessionRefreshPostponed(logger, unavailable.Reason);
                    metrics.Refresh("provider_unavailable");
                    return SessionRefresh.Keep;
                case RefreshResult.Failed failed:
                    LogEvents.SessionRefreshFailed(logger, failed.Reason);
                    metrics.Refresh("refused");
                    return SessionRefresh.End;
                default:
                    metrics.Refresh("error");
                    return SessionRefresh.End;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEvents.SessionRefreshFailed(logger, "unexpected error: " + e.GetType().Name);
            metrics.Refresh("error");
            return SessionRefresh.End;
        }
    }

    private sealed record InFlight(Lazy<Task<SessionRefresh>> Result, DateTimeOffset Until);
}
