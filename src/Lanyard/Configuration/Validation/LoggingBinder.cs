using System.Collections.Frozen;
using Lanyard.Observability;

namespace Lanyard.Configuration.Validation;

/// <summary>The logging options; formats are compiled here, so a bad one stops startup with its option's name.</summary>
internal static class LoggingBinder
{
    public static LoggingOptions Bind(SettingReader read)
    {
        var excluded = new List<string>();
        foreach (var path in read.List("exclude_logging_paths"))
        {
            if (!path.StartsWith('/'))
            {
                read.Fail("exclude_logging_paths", $"'{path}' is not a path (it starts with /)");
            }

            excluded.Add(path);
        }

        return new LoggingOptions(
            Standard: read.Bool("standard_logging", true),
            StandardFormat: read.String("standard_logging_format") is { Length: > 0 } ? Format(read, "standard_logging_format", LogTemplate.DefaultStandardFormat, LogTemplate.StandardFields) : null,
            Auth: read.Bool("auth_logging", true),
            AuthFormat: Format(read, "auth_logging_format", LogTemplate.DefaultAuthFormat, LogTemplate.AuthFields) ?? LogTemplate.DefaultAuth,
            Requests: read.Bool("request_logging", true),
            RequestFormat: Format(read, "request_logging_format", LogTemplate.DefaultRequestFormat, LogTemplate.RequestFields) ?? LogTemplate.DefaultRequest,
            ExcludePaths: excluded.ToFrozenSet(StringComparer.Ordinal),
            SilencePing: read.Bool("silence_ping_logging", false),
            ErrorsToStdout: read.Bool("errors_to_info_log", false),
            RequestIdHeader: RequestIdHeader(read))
        {
            Format = OutputFormat(read),
        };
    }

    private static LogOutputFormat OutputFormat(SettingReader read) => read.String("logging_format")?.Trim().ToLowerInvariant() switch
    {
        null or "" or "text" => LogOutputFormat.Text,
        "json" => LogOutputFormat.Json,
        var other => Refused(read, other),
    };

    private static LogOutputFormat Refused(SettingReader read, string value)
    {
        read.Fail("logging_format", $"'{value}' is not a log format: use text (oauth2-proxy's lines) or json (one JSON object a line)");
        return LogOutputFormat.Text;
    }

    private static LogTemplate? Format(SettingReader read, string key, string fallback, LogField[] fields)
    {
        var text = read.String(key) is { Length: > 0 } value ? value : fallback;
        var template = LogTemplate.Compile(text, fields, out var error);
        if (template is null)
        {
            read.Fail(key, error!);
        }

        return template;
    }

    /// <summary>An HTTP header name is an RFC 9110 §5.1 token.</summary>
    private static string RequestIdHeader(SettingReader read)
    {
        var name = (read.String("request_id_header") ?? "X-Request-Id").Trim();
        if (name.Length == 0)
        {
            read.Fail("request_id_header", "must name a header (oauth2-proxy's default is X-Request-Id)");
            return "X-Request-Id";
        }

        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
        {
            read.Fail("request_id_header", $"'{name}' is not an HTTP header name");
            return "X-Request-Id";
        }

        return name;
    }
}
