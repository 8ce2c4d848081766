namespace Lanyard.Observability;

/// <summary>
/// The logging scope of one request, so a line logged while it runs (an auth line) can name its client, host and
/// request id. Read during the logging call, on the request's own thread, never after the request ends.
/// </summary>
internal sealed class RequestLogScope(HttpContext context)
{
    public HttpContext Context { get; } = context;

    // Other formatters that print scopes show this, and it is no secret.
    public override string ToString() => $"RequestId:{Context.TraceIdentifier}";
}
