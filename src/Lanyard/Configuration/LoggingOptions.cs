using System.Collections.Frozen;
using Lanyard.Observability;

namespace Lanyard.Configuration;

/// <summary>
/// oauth2-proxy's logging options: request lines (<c>request_logging</c>, its format, <c>exclude_logging_paths</c>,
/// <c>silence_ping_logging</c>), auth lines (<c>auth_logging</c>, its format), Lanyard's own logs
/// (<c>standard_logging</c>), where errors go (<c>errors_to_info_log</c>) and the request id's header.
/// </summary>
/// <param name="StandardFormat"><c>standard_logging_format</c> when set; null keeps Lanyard's console line (time, level, category, event id).</param>
internal sealed record LoggingOptions(
    bool Standard,
    LogTemplate? StandardFormat,
    bool Auth,
    LogTemplate AuthFormat,
    bool Requests,
    LogTemplate RequestFormat,
    FrozenSet<string> ExcludePaths,
    bool SilencePing,
    bool ErrorsToStdout,
    string RequestIdHeader)
{
    /// <summary><c>logging_format</c> (Lanyard's own; oauth2-proxy has none, its issue #1057): text lines, or one JSON object a line.</summary>
    public LogOutputFormat Format { get; init; } = LogOutputFormat.Text;

    public static LoggingOptions Default { get; } = new(
        Standard: true, StandardFormat: null, Auth: true, LogTemplate.DefaultAuth, Requests: true, LogTemplate.DefaultRequest,
        FrozenSet<string>.Empty, SilencePing: false, ErrorsToStdout: false, "X-Request-Id");
}

/// <summary>How console log lines are written: oauth2-proxy's text formats, or JSON for log pipelines.</summary>
internal enum LogOutputFormat
{
    Text,
    Json,
}
