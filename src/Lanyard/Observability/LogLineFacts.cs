using System.Net;

namespace Lanyard.Observability;

/// <summary>
/// What a request or auth log line can say, as raw facts; <see cref="LogLineWriter"/> formats them the way
/// oauth2-proxy does. Holds no token, cookie or Authorization value: there is no field for one.
/// </summary>
internal readonly struct LogLineFacts
{
    public IPAddress? Client { get; init; }

    public string? Host { get; init; }

    public string? Protocol { get; init; }

    public string? RequestId { get; init; }

    public string? Method { get; init; }

    /// <summary>The request target as the client sent it (path and query); sensitive query values are redacted when written.</summary>
    public string? RequestTarget { get; init; }

    public string? UserAgent { get; init; }

    public string? Username { get; init; }

    public string? Upstream { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public int StatusCode { get; init; }

    public long ResponseSize { get; init; }

    public TimeSpan Duration { get; init; }

    public string? Status { get; init; }

    public string? Message { get; init; }

    /// <summary>The standard format's <c>{{.File}}</c>: the log category.</summary>
    public string? File { get; init; }
}
