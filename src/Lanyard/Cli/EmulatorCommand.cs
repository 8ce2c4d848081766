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
        var certificateFile = new Option<string>("--tls-cert-file") { Description = "PEM certificate to serve https with (with --tls-key-file), for testing TLS to the provider (provider_ca_files)" };
        var keyFile = new Option<string>("--tls-key-file") { Description = "PEM private key of --tls-cert-file" };
        var command = new Command("emulator", "Run the offline Entra ID emulator (no tenant, no internet needed).") { address, directory, certificateFile, keyFile };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!ListenAddress.TryParse(parseResult.GetValue(address) ?? DefaultAddress, out var listen, out var problem))
            {
                await error.WriteLineAsync($"--http-address: {problem}");
                return 1;
            }

            var (certificatePath, keyPath) = (parseResult.GetValue(certificateFile), parseResult.GetValue(keyFile));
            if ((certificatePath is null) != (keyPath is null))
            {
                await error.WriteLineAsync("--tls-cert-file and --tls-key-file go together");
                return 1;
            }

            System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
            try
            {
                certificate = certificatePath is null ? null : System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                await error.WriteLineAsync($"--tls-cert-file: cannot load '{certificatePath}' with the key in '{keyPath}'");
                return 1;
            }

            var listenUrl = ListenUrl(listen!);
            if (certificate is not null)
            {
                listenUrl = "https" + listenUrl["http".Length..];
            }

            var url = listen!.ToDisplayUrl(certificate is null ? "http" : "https");
            WebApplication emulator;
            try
            {
                emulator = EntraEmulatorHost.Create(new EntraEmulatorOptions { DirectoryFile = parseResult.GetValue(directory) }, [listenUrl], builder =>
                {
                    if (certificate is not null)
                    {
                        builder.WebHost.UseKestrelHttpsConfiguration();
                        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
                    }
                });
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
