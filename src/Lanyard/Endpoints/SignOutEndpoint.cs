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

        // Only to name the user in the audit log: loading, not resolving, so signing out never triggers a refresh.
        if (await sessions.LoadAsync(context) is { } ticket)
        {
            LogEvents.SignedOut(_audit, ticket.Identity.User);
        }

        await sessions.ClearAsync(context);
        attempts.ClearAll(context);
        NoCacheHeaders.Apply(context.Response);
        context.Response.Redirect(redirects.Validate(requested, request.Host) ?? "/");
    }
}
