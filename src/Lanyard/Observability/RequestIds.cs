namespace Lanyard.Observability;

/// <summary>
/// The request id (oauth2-proxy's <c>request_id_header</c>): the client's or front proxy's value when it is one
/// short token of visible ASCII, else a new UUID, as oauth2-proxy generates. It becomes
/// <see cref="HttpContext.TraceIdentifier"/>, the one place error pages, log scopes and the log lines read it from.
/// </summary>
internal static class RequestIds
{
    /// <summary>Longer than any trace id in use (AWS X-Amzn-Trace-Id is about 100 characters), short enough for a log line.</summary>
    public const int MaxLength = 200;

    public static WebApplication UseRequestIds(this WebApplication app, string header)
    {
        app.Use((context, next) =>
        {
            context.TraceIdentifier = From(context.Request.Headers[header]) ?? Guid.NewGuid().ToString();
            return next(context);
        });
        return app;
    }

    /// <summary>The header's value when it can be trusted to be a harmless id; null otherwise.</summary>
    public static string? From(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count != 1 || values[0] is not { Length: > 0 and <= MaxLength } value)
        {
            return null;
        }

        // Visible ASCII without quotes or backslashes: one token in a log line, nothing to escape in a page.
        foreach (var c in value)
        {
            if (c is <= ' ' or >= (char)0x7f or '"' or '\\' or '<' or '>' or '\'')
            {
                return null;
            }
        }

        return value;
    }
}
