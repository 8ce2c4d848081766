namespace Lanyard.Sessions;

/// <summary>What a due refresh means for the session.</summary>
internal abstract record SessionRefresh
{
    private SessionRefresh()
    {
    }

    /// <param name="Stored">Already saved in the shared store (Redis); only a cookie store still has to write it.</param>
    public sealed record Refreshed(SessionTicket Ticket, bool Stored = false) : SessionRefresh;

    /// <summary>The provider could not be reached: the session goes on as it is (still bounded by <c>cookie_expire</c>) and is retried on the next request.</summary>
    public sealed record KeepCurrent : SessionRefresh;

    /// <summary>The provider refused (revoked, expired or replayed refresh token; another user; invalid client): the session ends.</summary>
    public sealed record Ended : SessionRefresh;

    public static readonly SessionRefresh Keep = new KeepCurrent();
    public static readonly SessionRefresh End = new Ended();
}
