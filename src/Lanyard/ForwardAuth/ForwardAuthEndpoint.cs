using Lanyard.Configuration;
using Lanyard.Endpoints;
using Lanyard.Headers;
using Lanyard.Observability;
using Lanyard.Pipeline;

namespace Lanyard.ForwardAuth;

/// <summary>
/// Forward-auth, for every gateway that asks "may this request pass?": the original request (<see cref="OriginalRequest"/>)
/// → the one decision stage (<see cref="DecideAccess"/>) → an answer in the caller's dialect (<see cref="ForwardAuthMode"/>).
/// Allowed: every identity header present (empty when unknown, so a gateway that copies by name overwrites a
/// client's forgery), and a refreshed session's <c>Set-Cookie</c> for the gateway to pass to the browser. Not signed
/// in: 401, or for a <see cref="ForwardAuthMode.Gateway"/> caller whose client is a browser loading a page, a 302 to
/// sign in that comes back to the original URL. Denied: 403 whose body names the rule. No answer changes state,
/// whatever the method.
/// </summary>
internal sealed class ForwardAuthEndpoint(DecideAccess decide, AuthResponseHeaders headers, LanyardOptions options, EndpointPaths paths)
{
    public const string RuleSetParameter = "rule_set";

    /// <summary>
    /// On a 403, the rule that said no. nginx's auth_request drops the answer's body but can read its headers
    /// (<c>auth_request_set</c>), so this is how an nginx error page names the rule; no secret is ever in a rule name.
    /// </summary>
    public const string DeniedByHeader = "X-Lanyard-Denied-By";

    private static readonly object DeniedRuleKey = new();
    private static readonly object AuthorizationNotForUpstreamKey = new();

    /// <summary>
    /// Whether the allowed request's Authorization must not reach the upstream (a refused bearer token, an htpasswd
    /// user's password), as the proxy strips it: for a caller that can rewrite the forwarded request (gRPC ext_authz).
    /// </summary>
    public static bool AuthorizationNotForUpstream(HttpContext context) => context.Items.ContainsKey(AuthorizationNotForUpstreamKey);

    /// <summary>The rule that denied the request this context answered, or null (for the gRPC denial's status message).</summary>
    public static string? DeniedRuleOf(HttpContext context) => context.Items.TryGetValue(DeniedRuleKey, out var rule) ? rule as string : null;

    /// <param name="gatewayQuery">
    /// The query of the URL the gateway is configured with (<c>/oauth2/auth?allowed_groups=…&amp;rule_set=…</c>), whose
    /// oauth2-proxy per-location rules and rule set apply; null where the query is the client's own (Envoy's prefix
    /// form, the gRPC check), which must select nothing.
    /// </param>
    /// <param name="caller">Which gateway contract asks (auth_request, forward_auth, ext_authz), for the decision's metric.</param>
    public async Task HandleAsync(HttpContext context, OriginalRequest original, ForwardAuthMode mode, IQueryCollection? gatewayQuery, AccessCaller caller)
    {
        var locationRules = gatewayQuery;
        if (locationRules is not null && locationRules.TryGetValue(RuleSetParameter, out var ruleSet))
        {
            // Two values are no choice: as one name ("a,b") they select no configured set, so they deny.
            original = original with { RuleSet = ruleSet.ToString() };
        }

        var verdict = await decide.DecideAsync(context, original.ToRouteRequest(context), caller, locationRules);
        var response = context.Response;
        switch (verdict)
        {
            case AccessVerdict.Allow { Ticket: { } ticket } allowed:
                if (allowed.BearerTokenRefused || ticket.Identity.SignedInWithPassword)
                {
                    context.Items[AuthorizationNotForUpstreamKey] = true;
                }

                headers.Apply(response.Headers, ticket);
                response.StatusCode = AllowStatus(mode);
                return;

            case AccessVerdict.Allow anonymous:
                if (anonymous.BearerTokenRefused)
                {
                    context.Items[AuthorizationNotForUpstreamKey] = true;
                }

                headers.ApplyAnonymous(response.Headers);
                response.StatusCode = AllowStatus(mode);
                return;

            case AccessVerdict.SignInRequired { RefusedBearerToken: { } refused }:
                BearerChallenge.Apply(response, refused);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"The bearer token was refused: {refused}.");
                return;

            case AccessVerdict.SignInRequired { ApiRoute: false } when mode == ForwardAuthMode.Gateway && BrowserRequests.IsNavigation(context.Request, original.Method) && original.Url is { } url:
                NoCacheHeaders.Apply(response);
                response.Redirect(SignInUrl(original, url));
                return;

            case AccessVerdict.SignInRequired when mode == ForwardAuthMode.AuthRequest:
                // nginx reads the status alone, and its error_page 401 decides where the browser goes.
                response.StatusCode = StatusCodes.Status401Unauthorized;
                return;

            case AccessVerdict.SignInRequired:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", $"Sign in first: open {SignInOrigin(original)}{paths.Start} in a browser.");
                return;

            case AccessVerdict.Denied denied:
                context.Items[DeniedRuleKey] = denied.Rule;
                response.Headers[DeniedByHeader] = denied.Rule;
                if (denied.RefusedBearerToken is { } refusedToken)
                {
                    BearerChallenge.Apply(response, refusedToken);
                }

                await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", denied.Describe());
                return;

            default:
                await ErrorResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Access denied", "No rule allowed this request.");
                return;
        }
    }

    /// <summary>oauth2-proxy's 202 for nginx; 200 for everyone else, as Envoy allows on 200 alone.</summary>
    private static int AllowStatus(ForwardAuthMode mode) => mode == ForwardAuthMode.AuthRequest ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;

    /// <summary>
    /// Sign-in on Lanyard's host when <c>redirect_url</c> names one (a dedicated auth host), else on the app's own
    /// host, where the gateway routes <c>proxy_prefix</c> to Lanyard. The start endpoint checks the return URL as
    /// any other (<c>whitelist_domains</c> for another host than its own).
    /// </summary>
    private string SignInUrl(OriginalRequest original, string url)
    {
        var page = options.Redirect.SkipProviderButton ? paths.Start : paths.SignIn;
        return $"{SignInOrigin(original)}{page}?rd={Uri.EscapeDataString(url)}";
    }

    private string SignInOrigin(OriginalRequest original) =>
        options.Provider.RedirectUrl is { IsAbsoluteUri: true } callback
            ? callback.GetLeftPart(UriPartial.Authority)
            : $"{original.Scheme}://{original.Host}";
}
