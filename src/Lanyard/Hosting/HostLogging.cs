using Lanyard.Configuration;
using Lanyard.Observability;

namespace Lanyard.Hosting;

/// <summary>
/// One console log for every host in the process (proxy, demo app): Lanyard's text or JSON formatter, and the logging
/// options' switches as filters. Errors go to stderr unless <c>errors_to_info_log</c>, as oauth2-proxy sends them.
/// </summary>
internal static class HostLogging
{
    public static void Configure(ILoggingBuilder logging, LoggingOptions? options = null)
    {
        options ??= LoggingOptions.Default;
        logging.ClearProviders();
        logging.AddConsole(console =>
        {
            console.FormatterName = options.Format == LogOutputFormat.Json ? LanyardJsonConsoleFormatter.FormatterName : LanyardConsoleFormatter.FormatterName;
            console.LogToStandardErrorThreshold = options.ErrorsToStdout ? LogLevel.None : LogLevel.Error;
        });
        void Formatter(LanyardConsoleFormatterOptions formatter)
        {
            formatter.Logging = options;
            formatter.IncludeScopes = true; // the auth line reads the request's scope; scopes themselves are not printed
        }

        if (options.Format == LogOutputFormat.Json)
        {
            logging.AddConsoleFormatter<LanyardJsonConsoleFormatter, LanyardConsoleFormatterOptions>(Formatter);
        }
        else
        {
            logging.AddConsoleFormatter<LanyardConsoleFormatter, LanyardConsoleFormatterOptions>(Formatter);
        }

        if (options.Standard)
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            logging.AddFilter("Microsoft.Extensions.Http", LogLevel.Warning);
            logging.AddFilter("System.Net.Http", LogLevel.Warning);
            logging.AddFilter("Yarp", LogLevel.Warning);
            logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        }
        else
        {
            // standard_logging = false: only the request and auth lines, as oauth2-proxy.
            logging.SetMinimumLevel(LogLevel.None);
        }

        logging.AddFilter(LogCategories.Requests, options.Requests ? LogLevel.Information : LogLevel.None);
        logging.AddFilter(LogCategories.Audit, options.Auth ? LogLevel.Information : LogLevel.None);
    }
}
