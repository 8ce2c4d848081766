using Lanyard.Sessions;

namespace Lanyard.Pipeline;

/// <summary>
/// The identity stage for browser sessions: session cookie → ticket, or none; refreshed first when
/// <c>cookie_refresh</c> says it is due (the only time this stage does I/O beyond reading the cookie). Cached on
/// the request, so endpoints and the proxy stage that both ask pay once.
/// </summary>
internal sealed class ResolveSessionIdentity(ISessionStore store, RefreshSession refresh)
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
            ticket = await refresh.RefreshAsync(ticket);
            if (ticket is null)
            {
                await store.ClearAsync(context);
            }
            else
            {
                await store.SaveAsync(context, ticket);
            }
        }

        context.Items[CacheKey] = ticket;
        return ticket;
    }
}
