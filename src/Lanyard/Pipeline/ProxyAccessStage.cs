using Lanyard.Authorization.Routes;
using Lanyard.Configuration;
using Lanyard.Endpoints;
using Lanyard.Headers;
using Lanyard.Observability;

namespace Lanyard.Pipeline;

/// <summary>
/// In front of every proxied request: the one decision stage (<see cref="DecideAccess"/>: routes → identity →
/// decision) on the request as it will be forwarded, then headers, then YARP forwards. A skipped route passes
/// stripped of the client's identity headers like any other, with the identity only of a signed-in user every rule
/// allows. Not signed in: a page load gets the sign-in page (with skip_provider_button, a redirect to sign in) and
/// comes back here; an <c>api_routes</c> match, <c>force_json_errors</c> and anything else get 401 in JSON, since they
/// could not follow a sign-in anyway, with the reason when it sent a bearer token Lanyard refused. Denied: 403 naming
/// the rule.
/// </summary>
internal sealed class ProxyAccessStage(DecideAccess decide, RouteRuleOptions routeOptions, UpstreamIdentityHeaders headers, SignInPage signIn)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> forward)
    {
        var verdict = await decide.DecideAsync(context, RouteRequestOf(context), AccessCaller.Proxy);
        switch (verdict)
        {
            case AccessVerdict.Allow { Ticket: { } ticket } allow:
                headers.Apply(context.Request.Headers, ticket, bearerTokenRefused: allow.BearerTokenRefused);
                await forward();
                return;

            case AccessVerdict.Allow allow:
                headers.ApplyAnonymous(context.Request.Headers, allow.BearerTokenRefused);
                await forward();
                return;

            case AccessVerdict.SignInRequired { RefusedBearerToken: { } refused } signInRequired:
                BearerChallenge.Apply(context.Response, refused);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"The bearer token was refused: {refused}.", json: Json(signInRequired));
                return;

            case AccessVerdict.SignInRequired signInRequired when !Json(signInRequired) && BrowserRequests.IsNavigation(context.Request):
                var here = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                await signIn.WriteAsync(context, here, StatusCodes.Status403Forbidden);
                return;

            case AccessVerdict.SignInRequired signInRequired:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"Sign in first: open {EndpointPaths.Of(context).Start} in a browser.", json: Json(signInRequired));
                return;

            case AccessVerdict.Denied { RefusedBearerToken: { } refusedToken }:
                // bearer_token_login_fallback = false: oauth2-proxy's 403, with the reason for the API client.
                BearerChallenge.Apply(context.Response, refusedToken);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"The bearer token was refused: {refusedToken}.", json: routeOptions.ForceJsonErrors);
                return;

            case AccessVerdict.Denied denied:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", denied.Describe(), json: routeOptions.ForceJsonErrors);
                return;

            default:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", "No rule allowed this request.", json: routeOptions.ForceJsonErrors);
                return;
        }
    }

    private bool Json(AccessVerdict.SignInRequired verdict) => routeOptions.ForceJsonErrors || verdict.ApiRoute;

    /// <summary>A proxied request is judged on the path it is forwarded with, never on a header naming another one.</summary>
    private static RouteRequest RouteRequestOf(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.HasValue ? request.Path.Value! : "/";
        return new RouteRequest(request.Method, path, path + request.QueryString.Value, context.Connection.RemoteIpAddress, RouteRequest.HostOf(request.Host));
    }
}
