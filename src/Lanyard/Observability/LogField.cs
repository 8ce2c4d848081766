namespace Lanyard.Observability;

/// <summary>The <c>{{.Field}}</c> names of oauth2-proxy's log formats (<c>pkg/logger/logger.go</c>), spelled as there.</summary>
internal enum LogField
{
    /// <summary>A literal part of the template, not a field.</summary>
    None,
    Client,
    Host,
    Protocol,
    RequestID,
    RequestMethod,
    Timestamp,
    UserAgent,
    Username,
    Upstream,
    RequestURI,
    StatusCode,
    ResponseSize,
    RequestDuration,
    Status,
    Message,
    File,
}
