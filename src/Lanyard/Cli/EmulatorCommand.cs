using System.CommandLine;
using Lanyard.Configuration;
using Lanyard.Emulator;

namespace Lanyard.Cli;

/// <summary><c>lanyard emulator</c>: the offline Entra ID emulator alone, for tests and for anyone's app.</summary>
internal static class EmulatorCommand
{
    public const string DefaultAddress = "127.0.0.1:4181";

    public static Command Create()
    {
        var address = new Option<string>("--http-address") { Description = "host:port to listen on", DefaultValueFactory = _ => DefaultAddress };
        var directory = new Option<string>("--directory") { Description = "JSON file with tenants, users, groups and app registrations (replaces the built-in demo directory)" };
        var command = new Command("emulator", "Run the offline Entra ID emulator (no tenant, no internet needed).") { address, directory };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!ListenAddress.TryParse(parseResult.GetValue(address) ?? DefaultAddress, out var listen, out var problem))
            {
                await error.WriteLineAsync($"--http-address: {problem}");
                return 1;
            }

            var url = listen!.ToDisplayUrl();
            WebApplication emulator;
            try
            {
                emulator = EntraEmulatorHost.Create(new EntraEmulatorOptions { DirectoryFile = parseResult.GetValue(directory) }, [ListenUrl(listen)]);
            }
            catch (EmulatorDirectoryException e)
            {
                await error.WriteLineAsync($"--directory: {e.Message}");
                return 1;
            }

            await using (emulator)
            {
                if (!await HostRunner.TryStartAsync(emulator, "emulator", url, error, cancellationToken))
                {
                    return 1;
                }

                await parseResult.InvocationConfiguration.Output.WriteLineAsync(
                    $"Entra ID emulator on {url} — discovery: {url}/{DemoDirectory.ContosoTenantId}/v2.0/.well-known/openid-configuration");
                await HostRunner.WaitForShutdownAsync(cancellationToken, emulator);
            }

            return 0;
        });
        return command;
    }

    public static string ListenUrl(ListenAddress address) =>
        address.IsAnyHost ? $"http://0.0.0.0:{address.Port}" : $"http://{address.Host}:{address.Port}";
}
