namespace Lanyard.Sessions;

/// <summary>
/// Where sessions live. The cookie store keeps the whole ticket in the browser (no server state); a server-side
/// store keeps a random ticket id in the cookie. Loading never throws for a bad cookie: it is no session.
/// </summary>
internal interface ISessionStore
{
    ValueTask<SessionTicket?> LoadAsync(HttpContext context);

    ValueTask SaveAsync(HttpContext context, SessionTicket ticket);

    ValueTask ClearAsync(HttpContext context);

    /// <summary>For <c>/ready</c>: can sessions be read right now? The cookie store always can.</summary>
    ValueTask<bool> IsReadyAsync() => ValueTask.FromResult(true);
}
