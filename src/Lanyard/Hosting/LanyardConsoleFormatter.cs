using Lanyard.Configuration;
using Lanyard.Observability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Lanyard.Hosting;

/// <summary>What the console formatter needs: the logging options and the clock its timestamps come from.</summary>
internal sealed class LanyardConsoleFormatterOptions : ConsoleFormatterOptions
{
    public LoggingOptions Logging { get; set; } = LoggingOptions.Default;

    public TimeProvider Time { get; set; } = TimeProvider.System;
}

/// <summary>
/// The console's three kinds of line, as oauth2-proxy prints them: request lines (<see cref="LogCategories.Requests"/>)
/// as <see cref="RequestLog"/> formatted them; auth lines (<see cref="LogCategories.Audit"/>: sign-ins, sign-outs,
/// denials) in <c>auth_logging_format</c>, with the client, request id and user of the request they happened in;
/// everything else in <c>standard_logging_format</c> when one is set, else as ASP.NET Core's single-line console
/// (time, level, category and event id, message), with any exception's details beneath. No field holds a token.
/// </summary>
internal sealed class LanyardConsoleFormatter(IOptionsMonitor<LanyardConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "lanyard";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var settings = options.CurrentValue;
        switch (logEntry.Category)
        {
            case LogCategories.Requests:
                textWriter.Write(message);
                break;
            case LogCategories.Audit:
                textWriter.Write(LogLineWriter.Format(settings.Logging.AuthFormat, AuthFacts(logEntry, message, scopeProvider, settings.Time)));
                break;
            default:
                WriteStandard(logEntry, message, settings, textWriter);
                break;
        }

        textWriter.Write('\n');
    }

    private static void WriteStandard<TState>(in LogEntry<TState> entry, string message, LanyardConsoleFormatterOptions settings, TextWriter writer)
    {
        if (settings.Logging.StandardFormat is { } format)
        {
            writer.Write(LogLineWriter.Format(format, new LogLineFacts { Timestamp = settings.Time.GetUtcNow(), File = entry.Category, Message = message }));
        }
        else
        {
            writer.Write(settings.Time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ ", System.Globalization.CultureInfo.InvariantCulture));
            writer.Write(Level(entry.LogLevel));
            writer.Write(": ");
            writer.Write(entry.Category);
            writer.Write('[');
            writer.Write(entry.EventId.Id);
            writer.Write("] ");
            writer.Write(message.ReplaceLineEndings(" "));
        }

        if (entry.Exception is { } exception)
        {
            writer.Write('\n');
            writer.Write(exception.ToString());
        }
    }

    /// <summary>The facts of an auth line: the request's (from its <see cref="RequestLogScope"/>) and the event's user.</summary>
    internal static LogLineFacts AuthFacts<TState>(in LogEntry<TState> entry, string message, IExternalScopeProvider? scopes, TimeProvider time)
    {
        RequestLogScope? request = null;
        scopes?.ForEachScope((scope, _) => request ??= scope as RequestLogScope, (object?)null);
        var context = request?.Context;
        return new LogLineFacts
        {
            Client = context?.Connection.RemoteIpAddress,
            Host = context?.Request.Host.Value,
            Protocol = context?.Request.Protocol,
            RequestId = context?.TraceIdentifier,
            Method = context?.Request.Method,
            UserAgent = context?.Request.Headers.UserAgent.ToString(),
            Username = Named(entry.State, "Email") ?? Named(entry.State, "User"),
            Timestamp = time.GetUtcNow(),
            Status = entry.LogLevel >= LogLevel.Error ? "AuthError" : entry.LogLevel >= LogLevel.Warning || IsDenial(entry.EventId) ? "AuthFailure" : "AuthSuccess",
            Message = message,
        };
    }

    /// <summary>A decision that refused someone (event 3003, a refused TokenReview 3302) is a failure although it is logged at Information.</summary>
    private static bool IsDenial(EventId id) => id.Id is LogEvents.AccessDeniedEventId or LogEvents.TokenReviewRefusedEventId;

    private static string? Named<TState>(TState state, string name)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key == name)
                {
                    return value?.ToString();
                }
            }
        }

        return null;
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
