using Lanyard.Endpoints;
using Lanyard.ForwardAuth;
using Lanyard.Observability;
using Lanyard.Sessions;
using Microsoft.AspNetCore.Diagnostics;

namespace Lanyard.Pipeline;

/// <summary>
/// The one place where request stages are put in order. Read it as a table of contents:
/// probes answer first; <c>/oauth2/*</c> endpoints run sign-in and forward-auth; every other path goes through
/// the one decision stage (<see cref="DecideAccess"/>: routes, then identity, then access rules) → headers (strip the
/// client's, add ours) → forward (YARP). Forward-auth (<see cref="ForwardAuthEndpoint"/>) asks the same stage about the
/// request its gateway names.
/// </summary>
internal static class LanyardPipeline
{
    public static WebApplication UseLanyardPipeline(this WebApplication app)
    {
        // The request id (request_id_header) and the request log, around everything, so every answer is logged.
        var options = app.Services.GetRequiredService<Configuration.LanyardOptions>();
        app.UseRequestIds(options.Logging.RequestIdHeader);
        app.UseRequestLog(options.Logging, options.Server);
        // oauth2-proxy's request metrics, outside the error handler so the status they count is the one sent.
        app.UseRequestMetrics(options.Server);

        // Errors: never a stack trace to the client; the details go to the log.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteUnhandledErrorAsync, SuppressDiagnosticsCallback = _ => true });

        // The gRPC ext_authz listener (ext_authz_grpc_address) answers for itself; gRPC is served nowhere else.
        ForwardAuth.ExtAuthz.ExtAuthzListener.UseExtAuthzGrpcListener(app, options.Server);

        // The Kubernetes TokenReview webhook's listener (kube_webhook_address) likewise.
        Kubernetes.KubeWebhookPipeline.UseKubeWebhookListener(app, options.Server);

        // The metrics listener answers for itself and reaches nothing else.
        app.UseMetricsListener(options.Server);

        // Behind a proxy (reverse_proxy): the scheme, host and client address its trusted peers say, before anything reads them.
        app.UseTrustedForwardedHeaders(options.ReverseProxy);
        WarnAboutTrustedIpsBehindProxy(app);
        WarnAboutEveryEntraTenant(app);

        // allow_query_semicolons and force_https, before anything reads the query or answers.
        app.UseRequestNormalization(options.Redirect);

        // Probes (ping_path, ready_path), before any authentication.
        app.UseProbes(options.Probes);

        // Crawlers are told to stay out, before any authentication (oauth2-proxy's robots.txt).
        app.MapMethods("/robots.txt", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, Configuration.PageOptions pages) => StaticPages.RobotsTxtAsync(context, pages));

        // The identity token's public key (identity_token_header), at one path whatever proxy_prefix is; 404 when off,
        // never an upstream's. A literal route, so it outranks a prefix catch-all even under proxy_prefix = /.well-known.
        app.MapMethods(Configuration.IdentityTokenOptions.JwksPath, [HttpMethods.Get, HttpMethods.Head], (HttpContext context, JwksEndpoint jwks) => jwks.HandleAsync(context));
        WarnAboutGeneratedIdentityTokenKey(app);

        // Sign-in flow, under proxy_prefix.
        var paths = app.Services.GetRequiredService<EndpointPaths>();
        app.MapGet(paths.Start, (HttpContext context, StartEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapMethods(paths.SignIn, [HttpMethods.Get, HttpMethods.Head], (HttpContext context, SignInPage page) => page.HandleAsync(context));
        app.MapPost(paths.SignIn, (HttpContext context, PasswordSignInEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapGet(paths.Callback, (HttpContext context, CallbackEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapMethods(paths.SignOut, [HttpMethods.Get, HttpMethods.Post], (HttpContext context, SignOutEndpoint endpoint) => endpoint.HandleAsync(context));

        // Identity answers: forward-auth in each gateway's dialect (any method, as gateways send the original one)
        // and user info. nginx's auth_request (oauth2-proxy's 202 and 401); Traefik's and Caddy's forward-auth (200, or
        // a redirect to sign in), both on the URL their trusted headers name; Envoy's path_prefix form (200, or a
        // redirect), on the request itself.
        app.Map(paths.Auth, (HttpContext context, ForwardAuthEndpoint endpoint) =>
            endpoint.HandleAsync(context, OriginalRequest.FromForwardedHeaders(context), ForwardAuthMode.AuthRequest, context.Request.Query, AccessCaller.AuthRequest));
        app.Map(paths.ForwardAuth, (HttpContext context, ForwardAuthEndpoint endpoint) =>
            endpoint.HandleAsync(context, OriginalRequest.FromForwardedHeaders(context), ForwardAuthMode.Gateway, context.Request.Query, AccessCaller.ForwardAuth));
        app.Map(paths.Auth + "/{**path}", (HttpContext context, ForwardAuthEndpoint endpoint) =>
            endpoint.HandleAsync(context, OriginalRequest.FromPathPrefix(context, paths.Auth), ForwardAuthMode.Gateway, gatewayQuery: null, AccessCaller.ExtAuthzHttp));
        app.MapGet(paths.UserInfo, (HttpContext context, UserInfoEndpoint endpoint) => endpoint.HandleAsync(context));

        // oauth2-proxy's page assets; Lanyard's pages need none.
        app.Map(paths.Prefix + "/static/{**file}", StaticPages.StaticFileAsync);

        // Nothing else under the prefix reaches an upstream.
        app.Map(paths.Prefix + "/{**rest}", (HttpContext context) =>
            ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "There is no such Lanyard endpoint."));

        // Everything else: identity → decision → headers → forward.
        var access = app.Services.GetRequiredService<ProxyAccessStage>();
        var localResponders = app.Services.GetRequiredService<Forwarding.LocalResponders>();
        var transport = app.Services.GetRequiredService<Forwarding.UpstreamTransportStage>();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use((context, next) => access.InvokeAsync(context, () => next(context)));
            // static:// and file:// upstreams answer here, after identity, decision and headers.
            proxy.Use((context, next) => localResponders.InvokeAsync(context, () => next(context)));
            // proxy_websockets, and a page that says so when the upstream fails or times out.
            proxy.Use((context, next) => transport.InvokeAsync(context, () => next(context)));
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });

        return app;
    }

    /// <summary>oauth2-proxy warns about this pair at startup too: the trusted address is only as good as the proxy that sets its header.</summary>
    private static void WarnAboutTrustedIpsBehindProxy(WebApplication app)
    {
        var options = app.Services.GetRequiredService<Configuration.LanyardOptions>();
        if (options.ReverseProxy.Enabled && options.Routes.Rules.Any(r => r.Match is Authorization.Routes.RouteMatch.ClientAddress))
        {
            LogEvents.TrustedIpsBehindReverseProxy(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lanyard.Host"), options.ReverseProxy.RealClientIpHeader);
        }
    }

    /// <summary>
    /// A multi-tenant Entra app with no entra_id_allowed_tenants admits the whole world's work and school accounts:
    /// meant for a SaaS sign-in, a surprise behind a company's gateway (consumers admits personal accounts only, which
    /// its name says).
    /// </summary>
    private static void WarnAboutEveryEntraTenant(WebApplication app)
    {
        var provider = app.Services.GetRequiredService<Configuration.LanyardOptions>().Provider;
        if (Providers.Entra.EntraTenants.AdmitsEveryTenant(provider))
        {
            LogEvents.EveryEntraTenantAdmitted(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lanyard.Host"), provider.IssuerUrl.AbsoluteUri);
        }
    }

    /// <summary>A key made at startup is this process's alone: a token signed by one replica fails on every other's JWKS.</summary>
    private static void WarnAboutGeneratedIdentityTokenKey(WebApplication app)
    {
        var options = app.Services.GetRequiredService<Configuration.LanyardOptions>();
        if (options.IdentityToken is { Key.Generated: true } identityToken)
        {
            LogEvents.IdentityTokenKeyGenerated(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lanyard.Host"), identityToken.Key.KeyId);
        }
    }

    private static Task WriteUnhandledErrorAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Lanyard.Errors");
        if (exception is AmbiguousSessionCookieException ambiguous)
        {
            // The client's doing (or a sibling site's), not a failure: a 400 that says what to do, no stack in the log.
            LogEvents.AmbiguousSessionCookie(logger, ambiguous.CookieName);
            return ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "Conflicting cookies",
                $"Your browser sent two different '{ambiguous.CookieName}' cookies, so Lanyard cannot tell which session is yours. " +
                "Another site on a parent domain may have set one. Clear this site's cookies, then sign in again.");
        }

        if (exception is Providers.Oidc.ProviderUnavailableException unjudged)
        {
            // The token may be good: a 503 the client retries, as the TokenReview webhook answers, not a 401 it takes as final.
            LogEvents.BearerTokenUnjudged(logger, unjudged.Message);
            context.Response.Headers.RetryAfter = "5";
            return ErrorResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Identity provider unavailable",
                "Lanyard cannot check your access token right now: the identity provider's signing keys could not be loaded. Try again shortly.");
        }

        if (exception is not null)
        {
            LogEvents.UnhandledException(logger, exception, context.Request.Method, context.Request.Path);
        }

        if (exception is SessionStoreUnavailableException)
        {
            // Never a pass without a session check, never a 500 with a trace: the store is down, say so.
            return ErrorResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Sessions unavailable",
                "Lanyard cannot reach its session store right now, so it cannot tell who you are. Try again shortly.");
        }

        return ErrorResponses.WriteAsync(context, StatusCodes.Status500InternalServerError, "Something went wrong",
            "Lanyard could not handle this request. The details are in its log under the request id below.");
    }
}
