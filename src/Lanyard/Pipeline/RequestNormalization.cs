using Lanyard.Configuration;
using Microsoft.AspNetCore.Http.Extensions;

namespace Lanyard.Pipeline;

/// <summary>
/// oauth2-proxy's pre-auth steps that reshape or redirect a request before anything reads it:
/// <c>allow_query_semicolons</c> (Go's <c>http.AllowQuerySemicolons</c>: every <c>;</c> in the query becomes <c>&amp;</c>,
/// for Lanyard's parameters and for the upstream alike) and <c>force_https</c> (a 308 to https, as
/// <c>pkg/middleware/redirect_to_https.go</c>; the scheme is the connection's, or a trusted proxy's X-Forwarded-Proto).
/// </summary>
internal static class RequestNormalization
{
    public static WebApplication UseRequestNormalization(this WebApplication app, RedirectOptions options)
    {
        if (options.AllowQuerySemicolons)
        {
            app.Use((context, next) =>
            {
                var query = context.Request.QueryString;
                if (query.HasValue && query.Value!.Contains(';', StringComparison.Ordinal))
                {
                    context.Request.QueryString = new QueryString(query.Value.Replace(';', '&'));
                }

                return next(context);
            });
        }

        if (options.ForceHttpsPort is { } httpsPort)
        {
            app.Use((context, next) => context.Request.IsHttps ? next(context) : RedirectToHttpsAsync(context, httpsPort));
        }

        return app;
    }

    private static Task RedirectToHttpsAsync(HttpContext context, int httpsPort)
    {
        var request = context.Request;
        if (!request.Host.HasValue)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsync("This server accepts only https, and the request named no host to redirect to.");
        }

        // As oauth2-proxy: a port in the request is replaced by https_address's; a request without one keeps none.
        var host = request.Host.Port is null ? request.Host
            : httpsPort == 443 ? new HostString(request.Host.Host)
            : new HostString(request.Host.Host, httpsPort);
        Endpoints.NoCacheHeaders.Apply(context.Response);
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = UriHelper.BuildAbsolute("https", host, request.PathBase, request.Path, request.QueryString);
        return Task.CompletedTask;
    }
}
