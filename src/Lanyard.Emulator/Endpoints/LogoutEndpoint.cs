using Lanyard.Emulator.Pages;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// The end-session endpoint. The emulator keeps no sessions, so signing out is only the way back: to
/// <c>post_logout_redirect_uri</c> when some application registered it (so this is no open redirect), else a page.
/// </summary>
internal sealed class LogoutEndpoint(EmulatorDirectory directory, EntraErrorWriter errors, ILogger<LogoutEndpoint> logger) : IEmulatorEndpoint
{
    public string Pattern => "/{tenant}/oauth2/v2.0/logout";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    public async Task HandleAsync(HttpContext context)
    {
        var parameters = await AuthorizeParameters.ReadAsync(context.Request, context.RequestAborted);
        var segment = context.GetRouteValue("tenant") as string ?? "";
        if (ResolveTenant.From(directory, segment) is null)
        {
            await errors.WritePageAsync(context, EntraErrors.TenantNotFound(segment, "invalid_request"));
            return;
        }

        var returnTo = parameters.Get("post_logout_redirect_uri");
        var registered = returnTo is not null && directory.Applications.Any(app => MatchRedirectUri.IsRegistered(app, returnTo));
        logger.SignedOut(registered);
        if (!registered)
        {
            await SignedOutPage.WriteAsync(context);
            return;
        }

        var target = parameters.Get("state") is { } state ? QueryHelpers.AddQueryString(returnTo!, "state", state) : returnTo!;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(target);
    }
}
