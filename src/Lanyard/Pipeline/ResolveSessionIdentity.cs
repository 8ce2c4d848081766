using Lanyard.Sessions;

namespace Lanyard.Pipeline;

/// <summary>
/// The identity stage for browser sessions: session cookie → ticket, or none. Cached on the request, so endpoints
/// and the proxy stage that both ask pay for one decryption.
/// </summary>
internal sealed class ResolveSessionIdentity(ISessionStore store)
{
    private static readonly object CacheKey = new();

    public async ValueTask<SessionTicket?> ResolveAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(CacheKey, out var cached))
        {
            return (SessionTicket?)cached;
        }

        var ticket = await store.LoadAsync(context);
        context.Items[CacheKey] = ticket;
        return ticket;
    }
}
