using System.Net;
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

/// <summary>The console's three kinds of line, and the logging switches that reach the console's own options.</summary>
public sealed class ConsoleFormatterTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 7, 4, 5, 6, TimeSpan.Zero));

    private static string Write(LoggingOptions logging, string category, LogLevel level, int eventId, string format, object?[] args, object? scope = null)
    {
        var settings = new LanyardConsoleFormatterOptions { Logging = logging, Time = Time, IncludeScopes = true };
        var formatter = new LanyardConsoleFormatter(new StaticMonitor(settings));
        var state = new FormattedState(format, args);
        var scopes = new LoggerExternalScopeProvider();
        using var _ = scope is null ? null : scopes.Push(scope);
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<FormattedState>(level, category, new EventId(eventId), state, null, (s, _) => s.ToString()), scopes, writer);
        return writer.ToString();
    }

    [Fact]
    public void AnAuthLine_NamesTheRequestItHappenedIn_AndTheUsersEmail()
    {
        var context = new DefaultHttpContext { TraceIdentifier = "req-9" };
        context.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.4");

        var line = Write(LoggingOptions.Default, LogCategories.Audit, LogLevel.Information, 3001, "Signed in: user {User}, email {Email}", ["sub-1", "alice@contoso.test"], new RequestLogScope(context));

        Assert.Equal("198.51.100.4 - req-9 - alice@contoso.test [2026/12/07 04:05:06] [AuthSuccess] Signed in: user sub-1, email alice@contoso.test\n", line);
    }

    [Theory]
    [InlineData(LogLevel.Warning, 3002, "AuthFailure")]
    [InlineData(LogLevel.Information, LogEvents.AccessDeniedEventId, "AuthFailure")]
    [InlineData(LogLevel.Information, LogEvents.TokenReviewRefusedEventId, "AuthFailure")]
    [InlineData(LogLevel.Error, 3999, "AuthError")]
    public void AnAuthLinesStatus_FollowsWhatHappened(LogLevel level, int eventId, string status)
    {
        var line = Write(LoggingOptions.Default, LogCategories.Audit, level, eventId, "refused for {User}", ["bob"]);

        Assert.Contains($"[{status}] refused for bob", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ARequestLine_IsPrintedBare()
    {
        Assert.Equal("already formatted\n", Write(LoggingOptions.Default, LogCategories.Requests, LogLevel.Information, 4001, "{Line}", ["already formatted"]));
    }

    [Fact]
    public void AStandardLine_IsLanyardsConsoleLine_OrTheConfiguredFormat()
    {
        var custom = LoggingOptions.Default with { StandardFormat = LogTemplate.DefaultStandard };

        Assert.Equal("2026-12-07T04:05:06.000Z warn: Lanyard.Sessions[1004] held 30 s\n", Write(LoggingOptions.Default, "Lanyard.Sessions", LogLevel.Warning, 1004, "held {Seconds} s", [30]));
        Assert.Equal("[2026/12/07 04:05:06] [Lanyard.Sessions] held 30 s\n", Write(custom, "Lanyard.Sessions", LogLevel.Warning, 1004, "held {Seconds} s", [30]));
    }

    [Theory]
    [InlineData(false, LogLevel.Error)]
    [InlineData(true, LogLevel.None)]
    public void ErrorsGoToStderr_UnlessErrorsToInfoLog(bool errorsToInfo, LogLevel threshold)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => HostLogging.Configure(logging, LoggingOptions.Default with { ErrorsToStdout = errorsToInfo }));
        using var provider = services.BuildServiceProvider();

        var console = provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(threshold, console.LogToStandardErrorThreshold);
        Assert.Equal(LanyardConsoleFormatter.FormatterName, console.FormatterName);
    }

    [Theory]
    [InlineData(true, true, true, LogLevel.Information, LogLevel.Information, LogLevel.Information)]
    [InlineData(false, true, true, LogLevel.None, LogLevel.Information, LogLevel.Information)]
    [InlineData(true, false, false, LogLevel.Information, LogLevel.None, LogLevel.None)]
    public void TheSwitches_FilterTheirCategories(bool standard, bool auth, bool requests, LogLevel sessions, LogLevel audit, LogLevel requestLines)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => HostLogging.Configure(logging, LoggingOptions.Default with { Standard = standard, Auth = auth, Requests = requests }));
        using var provider = services.BuildServiceProvider();
        var loggers = provider.GetRequiredService<ILoggerFactory>();

        Assert.Equal(sessions != LogLevel.None, loggers.CreateLogger("Lanyard.Sessions").IsEnabled(LogLevel.Information));
        Assert.Equal(audit != LogLevel.None, loggers.CreateLogger(LogCategories.Audit).IsEnabled(LogLevel.Information));
        Assert.Equal(requestLines != LogLevel.None, loggers.CreateLogger(LogCategories.Requests).IsEnabled(LogLevel.Information));
    }

    private sealed class StaticMonitor(LanyardConsoleFormatterOptions value) : IOptionsMonitor<LanyardConsoleFormatterOptions>
    {
        public LanyardConsoleFormatterOptions CurrentValue => value;

        public LanyardConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<LanyardConsoleFormatterOptions, string?> listener) => null;
    }

    /// <summary>A log state as LoggerMessage makes one: the values by name, and the message with them filled in.</summary>
    private sealed class FormattedState(string format, object?[] args) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _values = Names(format).Zip(args, (n, v) => new KeyValuePair<string, object?>(n, v)).ToList();

        public int Count => _values.Count;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => _values.Aggregate(format, (text, pair) => text.Replace("{" + pair.Key + "}", Convert.ToString(pair.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        private static IEnumerable<string> Names(string format) =>
            System.Text.RegularExpressions.Regex.Matches(format, @"\{(\w+)\}").Select(m => m.Groups[1].Value);
    }
}
