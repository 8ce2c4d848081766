using Lanyard.Observability;
using Lanyard.Providers.Oidc;
using Lanyard.Sessions;

namespace Lanyard.Endpoints;

/// <summary>
/// <c>GET|POST /oauth2/sign_out?rd=…</c>: ends the Lanyard session (cookies cleared) and redirects to <c>rd</c>
/// under the same rules as sign-in, falling back to <c>/</c>. Issue 9 (finding 9): a sign-out that another site
/// can cause (an image tag, a link, an auto-submitted form) is logout CSRF, so a GET without evidence that it came
/// from this site (<c>Sec-Fetch-Site</c>, <c>Origin</c>, <c>Referer</c>) and a POST with evidence that it came from
/// elsewhere get a confirmation page instead (<see cref="SignOutConfirmationPage"/>); GET stays for oauth2-proxy's
/// links and scripts that say where they come from.
/// </summary>
internal sealed class SignOutEndpoint(ISessionStore sessions, RefreshSession refresh, SignInAttemptCookie attempts, ValidateRedirectTarget redirects, ProviderMetadata metadata, BackendLogout backendLogout, ILoggerFactory loggers)
{
    private const string IdTokenPlaceholder = "{id_token}";
    private readonly ILogger _audit = loggers.CreateLogger(LogCategories.Audit);
    private readonly ILogger _logger = loggers.CreateLogger<SignOutEndpoint>();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string? requested = request.Query["rd"];
        if (string.IsNullOrEmpty(requested) && request.HasFormContentType)
        {
            try
            {
                requested = (await request.ReadFormAsync(context.RequestAborted))["rd"];
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                // A malformed form still signs out; it just names no place to go.
                requested = null;
            }
        }

        if (string.IsNullOrEmpty(requested))
        {
            requested = request.Headers["X-Auth-Request-Redirect"];
        }

        var target = redirects.Validate(requested, request.Host, request.IsHttps) ?? "/";
        if (!RequestSiteEvidence.IsFromThisSite(request, redirects))
        {
            await SignOutConfirmationPage.WriteAsync(context, target);
            return;
        }

        SessionTicket? ticket;
        try
        {
            // Loading, not resolving, so signing out never triggers a refresh.
            ticket = await sessions.LoadAsync(context);
        }
        catch (AmbiguousSessionCookieException e)
        {
            // Two sessions under one name: sign out clears what this host can, which is the way out of it.
            LogEvents.AmbiguousSessionCookie(_logger, e.CookieName);
            ticket = null;
        }

        if (ticket is not null)
        {
            LogEvents.SignedOut(_audit, ticket.Identity.User);
            refresh.SignedOut(ticket);
        }

        // oauth2-proxy calls backend_logout_url before clearing the session.
        await backendLogout.CallAsync(ticket, context.RequestAborted);
        await sessions.ClearAsync(context);
        attempts.ClearAll(context);
        NoCacheHeaders.Apply(context.Response);
        context.Response.Redirect(await WithIdTokenHintAsync(target, ticket, context.RequestAborted));
    }

    /// <summary>
    /// oauth2-proxy 7.15's <c>{id_token}</c> placeholder: an <c>rd</c> pointing at the provider's end-session endpoint
    /// (from discovery, and whitelisted like any other host) can carry <c>id_token_hint={id_token}</c>, filled in with
    /// the session's ID token, so the user is signed out of the provider too (OpenID Connect RP-Initiated Logout §2).
    /// Anywhere else the placeholder is removed, never filled (issue 9, finding 2: a relative path or another
    /// whitelisted host would receive the ID token in its URL), and so it is without a session.
    /// </summary>
    private async Task<string> WithIdTokenHintAsync(string target, SessionTicket? ticket, CancellationToken cancellationToken)
    {
        if (!target.Contains(IdTokenPlaceholder, StringComparison.Ordinal))
        {
            return target;
        }

        var idToken = ticket?.Tokens.IdToken is { } token && await IsEndSessionEndpointAsync(target, cancellationToken) ? Uri.EscapeDataString(token) : "";
        return target.Replace(IdTokenPlaceholder, idToken, StringComparison.Ordinal);
    }

    private async Task<bool> IsEndSessionEndpointAsync(string target, CancellationToken cancellationToken)
    {
        var endSession = (await metadata.GetAsync(cancellationToken))?.EndSessionEndpoint;
        return Uri.TryCreate(endSession, UriKind.Absolute, out var endpoint)
               && Uri.TryCreate(target.Replace(IdTokenPlaceholder, "", StringComparison.Ordinal), UriKind.Absolute, out var uri)
               && Uri.Compare(uri, endpoint, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
    }
}
