using Lanyard.Observability;
using Lanyard.Sessions;

namespace Lanyard.Endpoints;

/// <summary>
/// <c>GET|POST /oauth2/sign_out?rd=…</c>: ends the Lanyard session (cookies cleared) and redirects to <c>rd</c>
/// under the same rules as sign-in, falling back to <c>/</c>.
/// </summary>
internal sealed class SignOutEndpoint(ISessionStore sessions, SignInAttemptCookie attempts, ValidateRedirectTarget redirects, ILoggerFactory loggers)
{
    private readonly ILogger _audit = loggers.CreateLogger(LogCategories.Audit);

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

        // Loading, not resolving, so signing out never triggers a refresh.
        var ticket = await sessions.LoadAsync(context);
        if (ticket is not null)
        {
            LogEvents.SignedOut(_audit, ticket.Identity.User);
        }

        await sessions.ClearAsync(context);
        attempts.ClearAll(context);
        NoCacheHeaders.Apply(context.Response);
        context.Response.Redirect(WithIdTokenHint(redirects.Validate(requested, request.Host) ?? "/", ticket));
    }

    /// <summary>
    /// oauth2-proxy 7.15's <c>{id_token}</c> placeholder: an <c>rd</c> pointing at the provider's end-session endpoint
    /// (whitelisted like any other host) can carry <c>id_token_hint={id_token}</c>, filled in with the session's ID
    /// token, so the user is signed out of the provider too (OpenID Connect RP-Initiated Logout §2).
    /// Without a session the placeholder is removed rather than sent literally.
    /// </summary>
    private static string WithIdTokenHint(string target, Sessions.SessionTicket? ticket) =>
        target.Contains(IdTokenPlaceholder, StringComparison.Ordinal)
            ? target.Replace(IdTokenPlaceholder, ticket?.Tokens.IdToken is { } idToken ? Uri.EscapeDataString(idToken) : "", StringComparison.Ordinal)
            : target;

    private const string IdTokenPlaceholder = "{id_token}";
}
