using System.CommandLine;
using Lanyard.Configuration;
using Lanyard.Hosting;
using Lanyard.Observability;

namespace Lanyard.Cli;

/// <summary><c>lanyard serve --config lanyard.toml</c>: the proxy, configured as oauth2-proxy is.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the sign-in proxy from a TOML file, OAUTH2_PROXY_* variables and flags.");
        Configure(command);
        return command;
    }

    public static void Configure(Command command)
    {
        var settings = new ProxySettings();
        settings.AddTo(command);
        // oauth2-proxy's spellings of lanyard config check and convert, so its scripts and Helm hooks work.
        var configTest = new Option<bool>("--config-test") { Description = "Validate the configuration and exit (lanyard config check)" };
        var convert = new Option<bool>("--convert-config-to-alpha") { Description = "Print the configuration as alpha config YAML and exit (lanyard config convert)" };
        command.Add(configTest);
        command.Add(convert);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(configTest))
            {
                return ConfigCommand.Run(settings, parseResult, ConfigCommand.Check);
            }

            if (parseResult.GetValue(convert))
            {
                return ConfigCommand.Run(settings, parseResult, ConfigCommand.Convert);
            }

            var output = parseResult.InvocationConfiguration.Output;
            LanyardOptions options;
            try
            {
                options = settings.Bind(parseResult);
            }
            catch (ConfigurationException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 1;
            }

            await using var proxy = LanyardProxyHost.Create(options);
            if (!await HostRunner.TryStartAsync(proxy, "proxy", options.Server.DisplayUrl, parseResult.InvocationConfiguration.Error, cancellationToken))
            {
                return 1;
            }

            if (options.Logging.Format == LogOutputFormat.Json)
            {
                var logger = proxy.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lanyard.Hosting");
                LogEvents.Listening(logger, options.Server.DisplayUrl, options.Provider.DisplayName, options.Provider.IssuerUrl.ToString());
                if (options.Server.KubeWebhook is { } jsonWebhook)
                {
                    LogEvents.WebhookListening(logger, jsonWebhook.Address.ToDisplayUrl("https"));
                }
            }
            else
            {
                await output.WriteLineAsync($"Lanyard is listening on {options.Server.DisplayUrl} ({options.Provider.DisplayName}: {options.Provider.IssuerUrl})");
                if (options.Server.KubeWebhook is { } webhook)
                {
                    await output.WriteLineAsync($"Kubernetes TokenReview webhook on {webhook.Address.ToDisplayUrl("https")}");
                }
            }

            await HostRunner.WaitForShutdownAsync(cancellationToken, proxy);
            return 0;
        });
    }
}
