using Lanyard.Emulator.Pages;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// The authorization endpoint (entra-protocol.md §2): a code, an ID token, or both (hybrid), in the query, the fragment
/// or a form post. Errors before client and redirect URI are trusted are shown on a page, never redirected; later ones
/// go back to the redirect URI in the request's response mode. A user named by the sign-in page (<c>username</c>) or
/// by <c>login_hint</c> is signed in at once, which is what scripts rely on.
/// </summary>
internal sealed class AuthorizeEndpoint(
    EmulatorDirectory directory,
    RequestAuthority authority,
    EntraErrorWriter errors,
    AuthorizationCodeStore codes,
    ApiResources apiResources,
    TokenIssuer tokens,
    ILogger<AuthorizeEndpoint> logger) : IEmulatorEndpoint
{
    public string Pattern => "/{tenant}/oauth2/v2.0/authorize";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    public async Task HandleAsync(HttpContext context)
    {
        var baseUrl = authority.Resolve(context, Pattern);
        var parameters = await AuthorizeParameters.ReadAsync(context.Request, context.RequestAborted);
        var segment = context.GetRouteValue("tenant") as string ?? "";
        if (ResolveTenant.From(directory, segment) is not { } tenant)
        {
            await ShowErrorAsync(context, EntraErrors.TenantNotFound(segment, "invalid_request"));
            return;
        }

        if (parameters.Get("client_id") is not { } clientId)
        {
            await ShowErrorAsync(context, EntraErrors.MissingParameter("client_id"));
            return;
        }

        if (directory.FindApplication(clientId) is not { } app || !tenant.Sees(app))
        {
            await ShowErrorAsync(context, EntraErrors.ApplicationNotFound(clientId, tenant.Name));
            return;
        }

        // Entra would fall back to a registered URI; the emulator asks for it, since a relying party must send one.
        if (parameters.Get("redirect_uri") is not { } redirectUri)
        {
            await ShowErrorAsync(context, EntraErrors.MissingParameter("redirect_uri"));
            return;
        }

        if (!MatchRedirectUri.IsRegistered(app, redirectUri))
        {
            await ShowErrorAsync(context, EntraErrors.RedirectUriMismatch(redirectUri, app));
            return;
        }

        if (tenant.IsAnyOrganization && !app.SignInAudience.IsMultiTenant())
        {
            await ShowErrorAsync(context, EntraErrors.NotMultiTenant(app));
            return;
        }

        // From here on the redirect URI is trusted, so errors go back to it with the state (§2).
        var state = parameters.Get("state");
        AuthorizeRequest request;
        switch (ValidateAuthorizeRequest.Check(parameters, app))
        {
            case AuthorizeValidation.Valid valid:
                request = valid.Request;
                break;
            case AuthorizeValidation.Invalid invalid:
                await RedirectErrorAsync(context, baseUrl, redirectUri, invalid.Error, state, invalid.ResponseMode);
                return;
            default:
                throw new InvalidOperationException("Unknown authorize validation outcome.");
        }

        var mode = request.ResponseMode;

        var eligible = directory.Users.Where(u => tenant.Admits(u) && Accepts(app, u)).ToList();
        var named = parameters.Get("username") ?? parameters.Get("login_hint");
        var silent = parameters.Get("prompt") == "none";
        if (named is null)
        {
            await (silent
                ? RedirectErrorAsync(context, baseUrl, redirectUri, EntraErrors.LoginRequired(), state, mode)
                : SignInPage.WriteAsync(context, app, eligible, parameters.All, note: null));
            return;
        }

        if (directory.FindUser(named) is not { } user)
        {
            await (silent
                ? RedirectErrorAsync(context, baseUrl, redirectUri, EntraErrors.LoginRequired(), state, mode)
                : SignInPage.WriteAsync(context, app, eligible, parameters.All, $"There is no account '{named}' in this directory. Pick one of these."));
            return;
        }

        // A concrete tenant refuses other tenants' users; organizations refuses personal accounts; so does an
        // application that does not accept them, through common too.
        if (!tenant.Admits(user) || !Accepts(app, user))
        {
            await ShowErrorAsync(context, tenant.Tenant is { } concrete && !user.IsPersonalAccount
                ? EntraErrors.UserNotInTenant(user, concrete, app)
                : EntraErrors.PersonalAccountRefused(user, tenant.Name, app));
            return;
        }

        // Entra looks the resource up in the user's tenant once the user is known, and redirects the failure.
        var scopes = ScopeSet.Parse(parameters.Get("scope"));
        if (apiResources.Resolve(scopes, user.TenantId) is ApiResolution.Unknown unknown)
        {
            await RedirectErrorAsync(context, baseUrl, redirectUri, unknown.Error, state, mode);
            return;
        }

        var signIn = new SignIn(app.ClientId, user.ObjectId, user.TenantId, scopes, Guid.NewGuid().ToString("D"));
        var challenge = request.CodeChallenge is { } value ? new PkceChallenge(value, request.CodeChallengeMethod!) : null;
        var code = request.ReturnsCode ? codes.Issue(signIn, redirectUri, request.Nonce, challenge) : null;
        logger.SignedIn(user.UserPrincipalName, app.ClientId, user.TenantId);

        // Entra's order: code, id_token, state, session_state.
        var response = new List<KeyValuePair<string, string>>();
        if (code is not null)
        {
            response.Add(new("code", code));
        }

        if (request.ReturnsIdToken)
        {
            response.Add(new("id_token", tokens.IssueAuthorizeIdToken(baseUrl, signIn, user, app, request.Nonce!, code)));
        }

        if (state is not null)
        {
            response.Add(new("state", state));
        }

        response.Add(new("session_state", signIn.SessionId));
        await AuthorizeResponse.WriteAsync(context, redirectUri, mode, response);
    }

    private static bool Accepts(EmulatorApplication app, EmulatorUser user) =>
        !user.IsPersonalAccount || app.SignInAudience.AcceptsPersonalAccounts();

    private Task ShowErrorAsync(HttpContext context, EntraError error)
    {
        logger.AuthorizeRefused(error.Error, error.Code);
        return errors.WritePageAsync(context, error);
    }

    private Task RedirectErrorAsync(
        HttpContext context, string baseUrl, string redirectUri, EntraError error, string? state, AuthorizeResponseMode mode)
    {
        logger.AuthorizeRefused(error.Error, error.Code);
        return errors.RedirectAsync(context, baseUrl, redirectUri, error, state, mode);
    }
}
