using Lanyard.Observability;
using Lanyard.Sessions;

namespace Lanyard.Pipeline;

/// <summary>
/// The identity stage for browser sessions: session cookie → ticket, or none; refreshed first when
/// <c>cookie_refresh</c> says it is due (the only time this stage does I/O beyond reading the cookie). Cached on
/// the request, so endpoints and the proxy stage that both ask pay once.
/// </summary>
internal sealed class ResolveSessionIdentity(ISessionStore store, RefreshSession refresh, ILogger<ResolveSessionIdentity> logger)
{
    private static readonly object CacheKey = new();

    public async ValueTask<SessionTicket?> ResolveAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(CacheKey, out var cached))
        {
            return (SessionTicket?)cached;
        }

        var ticket = await store.LoadAsync(context);
        if (ticket is not null && refresh.IsDue(ticket))
        {
            ticket = await RefreshAsync(context, ticket);
        }

        context.Items[CacheKey] = ticket;
        return ticket;
    }

    private async Task<SessionTicket?> RefreshAsync(HttpContext context, SessionTicket ticket)
    {
        switch (await refresh.RefreshAsync(ticket))
        {
            case SessionRefresh.Refreshed refreshed:
                try
                {
                    await store.SaveAsync(context, refreshed.Ticket);
                    return refreshed.Ticket;
                }
                catch (SessionTooLargeException e)
                {
                    // Grown past what cookies can hold (hundreds of groups after a refresh): end it, don't fail every request.
                    LogEvents.SessionNotSaved(logger, e.Message);
                    await store.ClearAsync(context);
                    return null;
                }

            case SessionRefresh.KeepCurrent:
                return ticket;
            default:
                await store.ClearAsync(context);
                return null;
        }
    }
}
