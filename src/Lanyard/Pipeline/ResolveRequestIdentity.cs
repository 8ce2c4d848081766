using Lanyard.Headers;
using Lanyard.Identity;
using Lanyard.Observability;
using Lanyard.Providers.Oidc;
using Lanyard.Security;
using Lanyard.Sessions;

namespace Lanyard.Pipeline;

/// <summary>
/// The identity stage: a bearer access token (when <c>skip_jwt_bearer_tokens</c> is on and the request carries
/// one), else the session cookie → ticket, refreshed first when <c>cookie_refresh</c> says it is due (the only time
/// this stage does I/O beyond reading the cookie). A bearer token that fails validation is no identity, and is
/// remembered as refused (<see cref="RefusedBearerToken"/>) so that it is answered with its reason and never
/// forwarded; the cookie is still consulted, as oauth2-proxy's <c>bearer_token_login_fallback</c> does by default (off, the request is
/// denied: <see cref="BearerTokenDenied"/>).
/// A stored session counts only while it is bound to this provider, client, issuer and an allowed tenant
/// (<see cref="OidcProviderEvents.ValidateBinding"/>), which today's configuration decides on every request.
/// Cached on the request, so endpoints and the proxy stage that both ask pay once.
/// </summary>
internal sealed class ResolveRequestIdentity(Configuration.LanyardOptions options, ISessionStore store, RefreshSession refresh, BearerTokenIdentity bearer, Authorization.Htpasswd.BasicAuthIdentity basic, OidcProviderEvents events, TimeProvider time, ILogger<ResolveRequestIdentity> logger)
{
    private static readonly object CacheKey = new();
    private static readonly object BearerRefusalKey = new();
    private static readonly object BearerDeniedKey = new();
    private readonly ConnectionHeaderMemo<PresentedBearerToken> _bearerOfConnection = new();

    /// <summary>Why the request's bearer token was refused, or null when it carried none or it was accepted.</summary>
    public static string? RefusedBearerToken(HttpContext context) =>
        context.Items.TryGetValue(BearerRefusalKey, out var reason) ? (string?)reason : null;

    /// <summary>The identity this request was resolved to, if a stage asked already (the request log reads it); never resolves.</summary>
    public static SessionTicket? Resolved(HttpContext context) =>
        context.Items.TryGetValue(CacheKey, out var cached) ? (SessionTicket?)cached : null;

    /// <summary>
    /// True when the request's bearer token was refused and <c>bearer_token_login_fallback</c> is off: oauth2-proxy
    /// answers it 403 at once, whatever cookie it carries, and so do the stages that read this.
    /// </summary>
    public static bool BearerTokenDenied(HttpContext context) => context.Items.ContainsKey(BearerDeniedKey);

    public async ValueTask<SessionTicket?> ResolveAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(CacheKey, out var cached))
        {
            return (SessionTicket?)cached;
        }

        if (bearer.Enabled && PresentedBearer(context) is { Token: var token, Hash: var hash })
        {
            UserIdentity? identity;
            DateTimeOffset expiresAt;
            string? problem;
            try
            {
                (identity, expiresAt, problem) = await bearer.ResolveAsync(token, hash, context.RequestAborted);
            }
            catch (ProviderUnavailableException e)
            {
                // Not judged is not accepted: remembered as refused, so no stage forwards it (a public route included).
                context.Items[BearerRefusalKey] = e.Message;
                throw;
            }

            if (identity is not null)
            {
                // A ticket that lives for this request only: nothing is saved, nothing refreshed.
                var now = time.GetUtcNow();
                var fromToken = new SessionTicket(identity, now, expiresAt, new SessionTokens(null, token, null, expiresAt));
                context.Items[CacheKey] = fromToken;
                return fromToken;
            }

            LogEvents.BearerTokenRefused(logger, problem ?? "not valid");
            context.Items[BearerRefusalKey] = problem ?? "the bearer token is not valid";
            if (!bearer.LoginFallback)
            {
                // No fallback: the cookie is not consulted, so nothing this request carries can sign it in.
                context.Items[BearerDeniedKey] = true;
                context.Items[CacheKey] = null;
                return null;
            }
        }

        // htpasswd_file: Basic credentials of one of its users, for this request only (oauth2-proxy's basic-auth loader).
        if (basic.Enabled && basic.Resolve(context.Request) is { } passwordUser)
        {
            var now = time.GetUtcNow();
            var fromPassword = new SessionTicket(passwordUser, now, now.AddMinutes(1), new SessionTokens(null, null, null, now.AddMinutes(1)));
            context.Items[CacheKey] = fromPassword;
            return fromPassword;
        }

        var ticket = await store.LoadAsync(context);
        // A password session (display_htpasswd_form) answers to htpasswd_file, a provider's to the provider.
        if (ticket is not null && (ticket.Identity.SignedInWithPassword ? Configuration.HtpasswdOptions.Unbound(options.Htpasswd, ticket) : events.ValidateBinding(ticket.Binding)) is { } unbound)
        {
            // Not this deployment's session, or its tenant is no longer allowed: no session (and no refresh of it).
            LogEvents.SessionUnbound(logger, unbound);
            ticket = null;
        }

        // A password session has no tokens to refresh: it lasts until cookie_expire.
        if (ticket is not null && !ticket.Identity.SignedInWithPassword && refresh.IsDue(ticket))
        {
            ticket = await RefreshAsync(context, ticket);
        }

        context.Items[CacheKey] = ticket;
        return ticket;
    }

    /// <summary>
    /// For a route that needs no sign-in (a skipped route): the identity when there is one to be had; a session store
    /// or provider that is down counts as none, so it cannot take a public path down with it.
    /// </summary>
    public async ValueTask<SessionTicket?> ResolveIfAvailableAsync(HttpContext context)
    {
        try
        {
            return await ResolveAsync(context);
        }
        catch (SessionStoreUnavailableException e)
        {
            LogEvents.SessionStoreUnavailable(logger, e.Message);
            return null;
        }
        catch (ProviderUnavailableException e)
        {
            // A bearer token that cannot be judged is no identity here: the public page is served without one.
            LogEvents.BearerTokenUnjudged(logger, e.Message);
            return null;
        }
    }

    /// <summary>
    /// The request's bearer token and its cache key, taken from the Authorization header once per keep-alive
    /// connection while the header stays the same (no copy of the token, no hash on the repeat).
    /// </summary>
    private PresentedBearerToken? PresentedBearer(HttpContext context)
    {
        var values = context.Request.Headers.Authorization;
        var header = values.Count == 1 ? values[0] : null;
        if (header is not null && _bearerOfConnection.TryGet(context, header, out var known))
        {
            return known;
        }

        if (BearerToken(context.Request) is not { } token)
        {
            return null;
        }

        var presented = new PresentedBearerToken(token, bearer.CacheKeyOf(token));
        if (header is not null)
        {
            _bearerOfConnection.Set(context, header, presented);
        }

        return presented;
    }

    private readonly record struct PresentedBearerToken(string Token, Sha256Key? Hash);

    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }

    private async Task<SessionTicket?> RefreshAsync(HttpContext context, SessionTicket ticket)
    {
        switch (await refresh.RefreshAsync(context, ticket))
        {
            case SessionRefresh.Refreshed { Stored: true } refreshed:
                return refreshed.Ticket;
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
