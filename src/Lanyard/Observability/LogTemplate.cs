using System.Text.RegularExpressions;

namespace Lanyard.Observability;

/// <summary>
/// An oauth2-proxy log format (<c>request_logging_format</c>, <c>auth_logging_format</c>), compiled once at startup
/// into literal and field parts, so writing a line is a walk over an array. Only <c>{{.Field}}</c> placeholders
/// (spaces inside the braces allowed, as Go allows) are understood; Go's actions, pipes and functions are refused
/// rather than printed literally, so a format never logs something other than what its author meant.
/// </summary>
internal sealed partial class LogTemplate
{
    /// <summary>oauth2-proxy's <c>DefaultRequestLoggingFormat</c>.</summary>
    public const string DefaultRequestFormat = "{{.Client}} - {{.RequestID}} - {{.Username}} [{{.Timestamp}}] {{.Host}} {{.RequestMethod}} {{.Upstream}} {{.RequestURI}} {{.Protocol}} {{.UserAgent}} {{.StatusCode}} {{.ResponseSize}} {{.RequestDuration}}";

    /// <summary>oauth2-proxy's <c>DefaultAuthLoggingFormat</c>.</summary>
    public const string DefaultAuthFormat = "{{.Client}} - {{.RequestID}} - {{.Username}} [{{.Timestamp}}] [{{.Status}}] {{.Message}}";

    /// <summary>oauth2-proxy's <c>DefaultStandardLoggingFormat</c>.</summary>
    public const string DefaultStandardFormat = "[{{.Timestamp}}] [{{.File}}] {{.Message}}";

    /// <summary>The fields oauth2-proxy's <c>stdLogMessageData</c> has; <c>File</c> is the log category here (Lanyard.Sessions), where Go has file:line.</summary>
    public static readonly LogField[] StandardFields = [LogField.Timestamp, LogField.File, LogField.Message];

    /// <summary>The fields oauth2-proxy's <c>reqLogMessageData</c> has.</summary>
    public static readonly LogField[] RequestFields =
    [
        LogField.Client, LogField.Host, LogField.Protocol, LogField.RequestID, LogField.RequestDuration, LogField.RequestMethod,
        LogField.RequestURI, LogField.ResponseSize, LogField.StatusCode, LogField.Timestamp, LogField.Upstream, LogField.UserAgent, LogField.Username,
    ];

    /// <summary>The fields oauth2-proxy's <c>authLogMessageData</c> has.</summary>
    public static readonly LogField[] AuthFields =
    [
        LogField.Client, LogField.Host, LogField.Protocol, LogField.RequestID, LogField.RequestMethod, LogField.Timestamp,
        LogField.UserAgent, LogField.Username, LogField.Status, LogField.Message,
    ];

    public static LogTemplate DefaultRequest { get; } = CompileOrThrow(DefaultRequestFormat, RequestFields);

    public static LogTemplate DefaultAuth { get; } = CompileOrThrow(DefaultAuthFormat, AuthFields);

    public static LogTemplate DefaultStandard { get; } = CompileOrThrow(DefaultStandardFormat, StandardFields);

    private LogTemplate(string text, LogTemplatePart[] parts)
    {
        Text = text;
        Parts = parts;
    }

    public string Text { get; }

    public IReadOnlyList<LogTemplatePart> Parts { get; }

    /// <summary>The compiled template, or null and a message that names the offending placeholder.</summary>
    public static LogTemplate? Compile(string text, IReadOnlyCollection<LogField> allowed, out string? error)
    {
        var parts = new List<LogTemplatePart>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new LogTemplatePart(text[position..], LogField.None));
                break;
            }

            if (open > position)
            {
                parts.Add(new LogTemplatePart(text[position..open], LogField.None));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{{{{' at character {open + 1} is never closed with '}}}}'";
                return null;
            }

            var action = text[open..(close + 2)];
            var inner = text[(open + 2)..close].Trim(' ');
            if (FieldReference().Match(inner) is not { Success: true } match)
            {
                error = $"'{action}' is not supported: only {{{{.Field}}}} placeholders are (no Go template actions, pipes, functions or trim markers)";
                return null;
            }

            var name = match.Groups[1].Value;
            if (!Enum.TryParse<LogField>(name, ignoreCase: false, out var field) || field == LogField.None || !allowed.Contains(field))
            {
                error = $"'{action}' is not a field of this format; the fields are {string.Join(", ", allowed.Select(f => $"{{{{.{f}}}}}"))}";
                return null;
            }

            parts.Add(new LogTemplatePart("", field));
            position = close + 2;
        }

        error = null;
        return new LogTemplate(text, [.. parts]);
    }

    private static LogTemplate CompileOrThrow(string text, LogField[] allowed) =>
        Compile(text, allowed, out var error) ?? throw new InvalidOperationException(error);

    /// <summary>Go's field syntax: a dot, then an identifier (case matters, as Go's field lookup is exact).</summary>
    [GeneratedRegex(@"^\.([A-Za-z_][A-Za-z0-9_]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldReference();
}

/// <summary>Literal text (<see cref="Field"/> is <see cref="LogField.None"/>) or one field.</summary>
internal readonly record struct LogTemplatePart(string Literal, LogField Field);
