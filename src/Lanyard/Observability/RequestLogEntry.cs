using System.Collections;

namespace Lanyard.Observability;

/// <summary>
/// The state of one request log line: its facts and the format they are written in. A struct passed through
/// <see cref="ILogger.Log{TState}"/> unboxed, so the text line is formatted only when the line is written, and the
/// JSON formatter reads the facts themselves rather than parsing them back out of the text. To other logging
/// providers it reads as the line's fields (the URI already redacted), never a token or cookie: there is no field for one.
/// </summary>
internal readonly struct RequestLogEntry(LogTemplate format, LogLineFacts facts) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static readonly Func<RequestLogEntry, Exception?, string> Formatter = static (entry, _) => entry.ToString();

    public LogLineFacts Facts { get; } = facts;

    public int Count => 12;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Client", Facts.Client?.ToString()),
        1 => new("RequestId", Facts.RequestId),
        2 => new("User", Facts.Username),
        3 => new("Host", Facts.Host),
        4 => new("Method", Facts.Method),
        5 => new("Upstream", Facts.Upstream),
        6 => new("Uri", LogLineWriter.RedactedTarget(Facts.RequestTarget ?? "")),
        7 => new("Protocol", Facts.Protocol),
        8 => new("UserAgent", Facts.UserAgent),
        9 => new("Status", Facts.StatusCode),
        10 => new("Size", Facts.ResponseSize),
        11 => new("Duration", Facts.Duration.TotalSeconds),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public override string ToString() => LogLineWriter.Format(format, Facts);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
