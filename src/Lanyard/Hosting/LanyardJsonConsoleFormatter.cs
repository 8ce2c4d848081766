using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Lanyard.Observability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Lanyard.Hosting;

/// <summary>
/// <c>logging_format = "json"</c>: every log line as one JSON object (Utf8JsonWriter, no reflection), for log
/// pipelines. Always: <c>timestamp</c> (RFC 3339, UTC), <c>level</c>, <c>category</c>, <c>event_id</c>,
/// <c>event_name</c>, <c>message</c>; <c>trace_id</c> and <c>span_id</c> when an <see cref="Activity"/> is current;
/// request lines add the facts the text format prints (client, request_id, user, host, method, upstream, uri with its
/// credentials redacted, protocol, user_agent, status, size, duration in seconds), auth lines the request's facts and
/// <c>auth_status</c> (oauth2-proxy's AuthSuccess/AuthFailure/AuthError), other lines their message's named values
/// under <c>fields</c>; an exception is a string. The writer's default encoder escapes control characters, quotes
/// and non-ASCII, so no value a client chose can end the line or forge a field. Nothing here holds a token: the log
/// events have no parameter for one, and the URI's credential parameters are redacted as in the text lines.
/// </summary>
internal sealed class LanyardJsonConsoleFormatter(IOptionsMonitor<LanyardConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "lanyard-json";

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var json = t_writer ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        try
        {
            WriteObject(in logEntry, scopeProvider, options.CurrentValue.Time, json);
            json.Flush();
            WriteUtf8(buffer.WrittenSpan, textWriter);
            textWriter.Write('\n');
        }
        finally
        {
            // A line with a long message must not keep its buffer for the thread's lifetime.
            if (buffer.Capacity > 64 * 1024)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    private static void WriteObject<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopes, TimeProvider time, Utf8JsonWriter json)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        var now = time.GetUtcNow();
        json.WriteStartObject();
        json.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        json.WriteString("level", Level(entry.LogLevel));
        json.WriteString("category", entry.Category);
        json.WriteNumber("event_id", entry.EventId.Id);
        if (entry.EventId.Name is { Length: > 0 } name)
        {
            json.WriteString("event_name", name);
        }

        json.WriteString("message", message);
        if (Activity.Current is { } activity && activity.TraceId != default)
        {
            json.WriteString("trace_id", activity.TraceId.ToHexString());
            json.WriteString("span_id", activity.SpanId.ToHexString());
        }

        if (typeof(TState) == typeof(RequestLogEntry))
        {
            // The JIT drops this branch for every other TState; the struct is read as itself, unboxed.
            var state = entry.State;
            var facts = Unsafe.As<TState, RequestLogEntry>(ref state).Facts;
            WriteRequest(in facts, json);
        }
        else if (entry.Category == LogCategories.Audit)
        {
            var facts = LanyardConsoleFormatter.AuthFacts(in entry, message, scopes, time);
            WriteRequestOf(in facts, json);
            WriteOptional(json, "auth_status", facts.Status);
        }
        else
        {
            WriteFields(entry.State, json);
        }

        if (entry.Exception is { } exception)
        {
            json.WriteString("exception", exception.ToString());
        }

        json.WriteEndObject();
    }

    /// <summary>The request line's facts, as the text format prints them (the duration in seconds).</summary>
    private static void WriteRequest(in LogLineFacts facts, Utf8JsonWriter json)
    {
        WriteRequestOf(in facts, json);
        WriteOptional(json, "upstream", facts.Upstream);
        json.WriteString("uri", LogLineWriter.RedactedTarget(facts.RequestTarget ?? ""));
        json.WriteNumber("status", facts.StatusCode);
        json.WriteNumber("size", facts.ResponseSize);
        json.WriteNumber("duration", Math.Round(facts.Duration.TotalSeconds, 6));
    }

    /// <summary>What request and auth lines share: who asked, where, how.</summary>
    private static void WriteRequestOf(in LogLineFacts facts, Utf8JsonWriter json)
    {
        WriteOptional(json, "client", facts.Client?.ToString());
        WriteOptional(json, "request_id", facts.RequestId);
        WriteOptional(json, "user", facts.Username);
        WriteOptional(json, "host", facts.Host);
        WriteOptional(json, "method", facts.Method);
        WriteOptional(json, "protocol", facts.Protocol);
        WriteOptional(json, "user_agent", facts.UserAgent);
    }

    /// <summary>The message template's named values ({Reason}, {User}, ...): numbers as numbers, the rest as text.</summary>
    private static void WriteFields<TState>(TState state, Utf8JsonWriter json)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values || values.Count <= 1)
        {
            return;
        }

        json.WriteStartObject("fields");
        foreach (var (key, value) in values)
        {
            if (key == "{OriginalFormat}")
            {
                continue;
            }

            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case int number:
                    json.WriteNumber(key, number);
                    break;
                case long number:
                    json.WriteNumber(key, number);
                    break;
                case double number when double.IsFinite(number):
                    json.WriteNumber(key, number);
                    break;
                case bool flag:
                    json.WriteBoolean(key, flag);
                    break;
                default:
                    json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>The console logger hands formatters a TextWriter: the UTF-8 line goes through a pooled char buffer.</summary>
    private static void WriteUtf8(ReadOnlySpan<byte> utf8, TextWriter writer)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            var count = Encoding.UTF8.GetChars(utf8, chars);
            writer.Write(chars.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };
}
