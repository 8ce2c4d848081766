namespace Lanyard.Sessions;

/// <summary>
/// Where sessions live. The cookie store keeps the whole ticket in the browser (no server state); a server-side
/// store keeps a random ticket id in the cookie. Loading never throws for a bad cookie: it is no session.
/// </summary>
internal interface ISessionStore
{
    ValueTask<SessionTicket?> LoadAsync(HttpContext context);

    /// <summary>Saves the request's session again (after a refresh), under the ticket the request carried.</summary>
    ValueTask SaveAsync(HttpContext context, SessionTicket ticket);

    /// <summary>
    /// Saves a session that was just signed in. A server-side store issues a fresh ticket whatever the request
    /// carried and drops the one it replaces: a ticket planted in the browser before sign-in (session fixation)
    /// must never come to name the new session. The cookie store holds the session itself and simply saves.
    /// </summary>
    ValueTask SaveNewAsync(HttpContext context, SessionTicket ticket) => SaveAsync(context, ticket);

    ValueTask ClearAsync(HttpContext context);

    /// <summary>For <c>/ready</c>: can sessions be read right now? The cookie store always can.</summary>
    ValueTask<bool> IsReadyAsync() => ValueTask.FromResult(true);

    /// <summary>
    /// Runs a due refresh of the request's session so that, among every Lanyard sharing this store, one replica
    /// redeems the refresh token and the others take its result. A store with shared state (Redis) saves the
    /// refreshed session itself and says so in <see cref="SessionRefresh.Refreshed.Stored"/>. The cookie store
    /// shares nothing between replicas: it simply redeems. The session's ticket is read from
    /// <paramref name="context"/> before the first await, so the returned task may outlive the request.
    /// </summary>
    Task<SessionRefresh> RefreshExclusivelyAsync(HttpContext context, SessionTicket current, Func<Task<SessionRefresh>> redeem) => redeem();
}
