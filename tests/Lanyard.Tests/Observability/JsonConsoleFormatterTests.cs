using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Lanyard.Configuration;
using Lanyard.Hosting;
using Lanyard.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.Tests.Observability;

/// <summary>logging_format = "json": one JSON object a line, with the fields a log pipeline indexes, and nothing a client can forge.</summary>
public sealed class JsonConsoleFormatterTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 7, 4, 5, 6, 789, TimeSpan.Zero));

    private static string Write<TState>(string category, LogLevel level, EventId eventId, TState state, Func<TState, Exception?, string> formatter, Exception? exception = null, object? scope = null)
    {
        var settings = new LanyardConsoleFormatterOptions { Logging = LoggingOptions.Default with { Format = LogOutputFormat.Json }, Time = Time, IncludeScopes = true };
        var json = new LanyardJsonConsoleFormatter(new StaticMonitor(settings));
        var scopes = new LoggerExternalScopeProvider();
        using var _ = scope is null ? null : scopes.Push(scope);
        using var writer = new StringWriter();
        json.Write(new LogEntry<TState>(level, category, eventId, state, exception, formatter), scopes, writer);
        return writer.ToString();
    }

    /// <summary>The line is one line, ends in a newline, and parses as one JSON object.</summary>
    private static JsonElement Parse(string line)
    {
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line[..^1]);
        Assert.DoesNotContain('\r', line);
        using var document = JsonDocument.Parse(line);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        return document.RootElement.Clone();
    }

    private static LogLineFacts HostileRequest => new()
    {
        Client = IPAddress.Parse("203.0.113.7"),
        Host = "app.contoso.test",
        Protocol = "HTTP/1.1",
        RequestId = "req-1",
        Method = "GET",
        RequestTarget = "/cb?state=s1&code=0.AXYA-secret-code&access_token=eyJ.secret.token&page=3",
        UserAgent = "evil\"}\n{\"level\":\"crit\u001b[31m<script>",
        Username = "alice@contoso.test",
        Upstream = "http://10.0.0.5:8080/",
        Timestamp = Time.GetUtcNow(),
        StatusCode = 302,
        ResponseSize = 1234,
        Duration = TimeSpan.FromMilliseconds(12.5),
    };

    [Fact]
    public void ARequestLine_CarriesItsFacts_AsFields()
    {
        var entry = new RequestLogEntry(LogTemplate.DefaultRequest, HostileRequest);

        var line = Parse(Write(LogCategories.Requests, LogLevel.Information, RequestLog.RequestedEvent, entry, RequestLogEntry.Formatter));

        Assert.Equal("2026-12-07T04:05:06.789Z", line.GetProperty("timestamp").GetString());
        Assert.Equal("info", line.GetProperty("level").GetString());
        Assert.Equal(LogCategories.Requests, line.GetProperty("category").GetString());
        Assert.Equal(4001, line.GetProperty("event_id").GetInt32());
        Assert.Equal("Requested", line.GetProperty("event_name").GetString());
        Assert.Equal("203.0.113.7", line.GetProperty("client").GetString());
        Assert.Equal("req-1", line.GetProperty("request_id").GetString());
        Assert.Equal("alice@contoso.test", line.GetProperty("user").GetString());
        Assert.Equal("app.contoso.test", line.GetProperty("host").GetString());
        Assert.Equal("GET", line.GetProperty("method").GetString());
        Assert.Equal("http://10.0.0.5:8080/", line.GetProperty("upstream").GetString());
        Assert.Equal("/cb?state=s1&code=[redacted]&access_token=[redacted]&page=3", line.GetProperty("uri").GetString());
        Assert.Equal("HTTP/1.1", line.GetProperty("protocol").GetString());
        Assert.Equal(HostileRequest.UserAgent, line.GetProperty("user_agent").GetString());
        Assert.Equal(302, line.GetProperty("status").GetInt32());
        Assert.Equal(1234, line.GetProperty("size").GetInt64());
        Assert.Equal(0.0125, line.GetProperty("duration").GetDouble(), 6);
        // The text line is the message, as request_logging_format writes it.
        Assert.StartsWith("203.0.113.7 - req-1 - alice@contoso.test [2026/12/07 04:05:06] app.contoso.test GET", line.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HostileValues_AreEscaped_AndQueryCredentialsNeverAppear()
    {
        var raw = Write(LogCategories.Requests, LogLevel.Information, RequestLog.RequestedEvent, new RequestLogEntry(LogTemplate.DefaultRequest, HostileRequest), RequestLogEntry.Formatter);

        var line = Parse(raw);
        Assert.Equal(1, raw.Count(c => c == '\n'));
        Assert.DoesNotContain('\u001b', raw);
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-code", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ.secret.token", raw, StringComparison.Ordinal);
        Assert.False(line.TryGetProperty("trace_id", out _)); // no Activity, no trace id
        Assert.Equal("info", line.GetProperty("level").GetString()); // the user agent's "level" did not become one
    }

    [Fact]
    public void AnAuthLine_NamesItsRequest_AndItsStatus()
    {
        var context = new DefaultHttpContext { TraceIdentifier = "req-9" };
        context.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.4");
        context.Request.Host = new HostString("app.contoso.test");
        context.Request.Method = "GET";
        var state = new[] { new KeyValuePair<string, object?>("User", "bob"), new KeyValuePair<string, object?>("{OriginalFormat}", "Sign-in refused for {User}") };

        var line = Parse(Write(LogCategories.Audit, LogLevel.Warning, new EventId(3002, "SignInRefused"), state, (_, _) => "Sign-in refused for bob", scope: new RequestLogScope(context)));

        Assert.Equal("warn", line.GetProperty("level").GetString());
        Assert.Equal("AuthFailure", line.GetProperty("auth_status").GetString());
        Assert.Equal("198.51.100.4", line.GetProperty("client").GetString());
        Assert.Equal("req-9", line.GetProperty("request_id").GetString());
        Assert.Equal("bob", line.GetProperty("user").GetString());
        Assert.Equal("Sign-in refused for bob", line.GetProperty("message").GetString());
        Assert.Equal("SignInRefused", line.GetProperty("event_name").GetString());
    }

    [Fact]
    public void AStandardLine_HasItsNamedValues_AndTheCurrentTrace()
    {
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        var state = new[]
        {
            new KeyValuePair<string, object?>("Seconds", 30),
            new KeyValuePair<string, object?>("Reason", "tab\there"),
            new KeyValuePair<string, object?>("{OriginalFormat}", "held {Seconds} s: {Reason}"),
        };

        var line = Parse(Write("Lanyard.Sessions", LogLevel.Warning, new EventId(1004, "SessionRefreshLockTimedOut"), state, (_, _) => "held 30 s: tab\there"));

        Assert.Equal(activity.TraceId.ToHexString(), line.GetProperty("trace_id").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), line.GetProperty("span_id").GetString());
        Assert.Equal(30, line.GetProperty("fields").GetProperty("Seconds").GetInt32());
        Assert.Equal("tab\there", line.GetProperty("fields").GetProperty("Reason").GetString());
        Assert.False(line.GetProperty("fields").TryGetProperty("{OriginalFormat}", out _));
        Assert.Equal("held 30 s: tab\there", line.GetProperty("message").GetString());
    }

    [Fact]
    public void AnException_IsOneStringField()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("upstream said no\nsecond line");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var line = Parse(Write("Lanyard.Hosting", LogLevel.Error, new EventId(9001, "UnhandledException"), "x", (_, _) => "Unhandled error", thrown));

        Assert.Equal("error", line.GetProperty("level").GetString());
        Assert.Contains("InvalidOperationException: upstream said no\nsecond line", line.GetProperty("exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LoggingFormatJson_ChoosesTheJsonFormatter()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => HostLogging.Configure(logging, LoggingOptions.Default with { Format = LogOutputFormat.Json }));
        using var provider = services.BuildServiceProvider();

        var console = provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(LanyardJsonConsoleFormatter.FormatterName, console.FormatterName);
        Assert.Contains(provider.GetServices<ConsoleFormatter>(), f => f is LanyardJsonConsoleFormatter);
    }

    private sealed class StaticMonitor(LanyardConsoleFormatterOptions value) : IOptionsMonitor<LanyardConsoleFormatterOptions>
    {
        public LanyardConsoleFormatterOptions CurrentValue => value;

        public LanyardConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<LanyardConsoleFormatterOptions, string?> listener) => null;
    }
}
