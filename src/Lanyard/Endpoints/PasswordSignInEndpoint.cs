using Lanyard.Authorization;
using Lanyard.Configuration;
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

        var identity = htpasswd.IdentityOf(user);
        if (access.Decide(identity) is AccessDecision.Deny deny)
        {
            LogEvents.AccessDenied(_audit, deny.Rule, user, deny.Reason);
            await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", Pipeline.AccessVerdict.DescribeDenial(deny.Rule, deny.Reason));
            return;
        }

        var now = time.GetUtcNow();
        var expiresAt = options.Cookie.ExpiresAt(now);
        await sessions.SaveNewAsync(context, new SessionTicket(identity, now, expiresAt, new SessionTokens(null, null, null, expiresAt), Binding: htpasswd.BindingOf(user)));
        LogEvents.PasswordAccepted(_audit, user);
        NoCacheHeaders.Apply(context.Response);
        context.Response.Redirect(target);
    }
}
