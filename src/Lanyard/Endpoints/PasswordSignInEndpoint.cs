using Lanyard.Authorization;
using Lanyard.Configuration;
using Lanyard.Identity;
using Lanyard.Observability;
using Lanyard.Sessions;

namespace Lanyard.Endpoints;

/// <summary>
/// <c>POST /oauth2/sign_in</c> with <c>username</c>, <c>password</c> and <c>rd</c>: oauth2-proxy's htpasswd form
/// (<c>display_htpasswd_form</c>). The right password of an <c>htpasswd_file</c> user makes a session, bound to
/// htpasswd so it ends when the user leaves the file, then a redirect to <c>rd</c> under the usual rules; a wrong
/// one shows the sign-in page again with 401. A post from another site is refused (login CSRF: someone else's
/// account slipped into your browser), as sign-out refuses it.
/// </summary>
internal sealed class PasswordSignInEndpoint(LanyardOptions options, ISessionStore sessions, AccessEvaluator access, ValidateRedirectTarget redirects, SignInPage page, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>The binding provider of password sessions; only htpasswd_file's users are valid under it.</summary>
    public const string BindingProvider = "htpasswd";

    private const int MaxFieldLength = 1024;
    private readonly ILogger _audit = loggers.CreateLogger(LogCategories.Audit);

    public async Task HandleAsync(HttpContext context)
    {
        if (options.Htpasswd is not { DisplayForm: true } htpasswd)
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed", "This sign-in page takes no passwords; use the sign-in button.");
            return;
        }

        if (!RequestSiteEvidence.IsFromThisSite(context.Request, redirects))
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Sign-in refused", "The sign-in form was sent from another site. Open the sign-in page here and try again.");
            return;
        }

        IFormCollection form;
        try
        {
            form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad request", "The sign-in form could not be read.");
            return;
        }

        var target = redirects.Validate(form["rd"], context.Request.Host, context.Request.IsHttps) ?? "/";
        string user = form["username"].ToString(), password = form["password"].ToString();
        if (user.Length is 0 or > MaxFieldLength || password.Length > MaxFieldLength || !htpasswd.Users.Verify(user, password))
        {
            LogEvents.PasswordRefused(_audit, user.Length > MaxFieldLength ? user[..64] : user);
            await page.WriteAsync(context, target, StatusCodes.Status401Unauthorized);
            return;
        }

        var identity = new UserIdentity(user, htpasswd.UserIsEmail ? user : null, user, htpasswd.Groups, [], SignedInWithPassword: true);
        if (access.Decide(identity) is AccessDecision.Deny deny)
        {
            LogEvents.AccessDenied(_audit, deny.Rule, user, deny.Reason);
            await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", $"Access denied (rule: {deny.Rule}): {deny.Reason}.");
            return;
        }

        var now = time.GetUtcNow();
        var expiresAt = options.Cookie.Expire == TimeSpan.Zero ? DateTimeOffset.MaxValue : now + options.Cookie.Expire;
        // Bound to the user's entry: a changed password or a removed user ends the session.
        var binding = new SessionBinding(BindingProvider, user, htpasswd.File, htpasswd.Users.Fingerprint(user));
        await sessions.SaveNewAsync(context, new SessionTicket(identity, now, expiresAt, new SessionTokens(null, null, null, expiresAt), Binding: binding));
        LogEvents.PasswordAccepted(_audit, user);
        NoCacheHeaders.Apply(context.Response);
        context.Response.Redirect(target);
    }

    /// <summary>Why a stored password session no longer counts, or null: htpasswd is off, or the user's entry changed or went.</summary>
    public static string? ValidateBinding(LanyardOptions options, SessionTicket ticket) => options.Htpasswd switch
    {
        null => "the session was made with htpasswd_file, which is no longer configured",
        { } htpasswd when ticket.Binding is not { } binding || binding.ClientId != ticket.Identity.User
            || htpasswd.Users.Fingerprint(ticket.Identity.User) is not { } fingerprint || !string.Equals(binding.TenantId, fingerprint, StringComparison.Ordinal)
            => "the session's user left htpasswd_file or has a new password",
        _ => null,
    };
}
