using System.CommandLine;
using Lanyard.Configuration;
using Lanyard.Hosting;

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
        command.SetAction(async (parseResult, cancellationToken) =>
        {
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
            if (!await HostRunner.TryStartAsync(proxy, "proxy", options.Server.HttpAddress.ToDisplayUrl(), parseResult.InvocationConfiguration.Error, cancellationToken))
            {
                return 1;
            }

            await output.WriteLineAsync($"Lanyard is listening on {options.Server.HttpAddress.ToDisplayUrl()} ({options.Provider.DisplayName}: {options.Provider.IssuerUrl})");
            await HostRunner.WaitForShutdownAsync(cancellationToken, proxy);
            return 0;
        });
    }
}
