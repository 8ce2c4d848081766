using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Configuration;
using Lanyard.Emulator;
using Lanyard.Emulator.Hosting;

namespace Lanyard.Cli;

/// <summary>
/// <c>lanyard emulator</c>: the offline Entra ID emulator alone, for tests and for anyone's app. Plain http on
/// <c>--http-address</c>; https on <c>--https-address</c> with the emulator's own certificate (or
/// <c>--tls-cert-file</c>); both at once when both addresses are given.
/// </summary>
internal static class EmulatorCommand
{
    public const string DefaultAddress = "127.0.0.1:4181";

    public static Command Create()
    {
        var address = new Option<string>("--http-address") { Description = "host:port to listen on with plain http", DefaultValueFactory = _ => DefaultAddress };
        var httpsAddress = new Option<string>("--https-address") { Description = "host:port to listen on with https (the emulator's own certificate unless --tls-cert-file; see trust-cert); http then only with an explicit --http-address" };
        var certificateFile = new Option<string>("--tls-cert-file") { Description = "PEM certificate to serve https with (with --tls-key-file); without --https-address, --http-address serves https with it" };
        var keyFile = new Option<string>("--tls-key-file") { Description = "PEM private key of --tls-cert-file" };
        var settings = new EmulatorSettings();
        var command = new Command("emulator", "Run the offline Entra ID emulator (no tenant, no internet needed).") { address, httpsAddress, certificateFile, keyFile, TrustCertCommand.Create() };
        settings.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!ListenAddress.TryParse(parseResult.GetValue(address) ?? DefaultAddress, out var listen, out var problem))
            {
                await error.WriteLineAsync($"--http-address: {problem}");
                return 1;
            }

            ListenAddress? secureListen = null;
            if (parseResult.GetValue(httpsAddress) is { } secureText && !ListenAddress.TryParse(secureText, out secureListen, out problem))
            {
                await error.WriteLineAsync($"--https-address: {problem}");
                return 1;
            }

            var problems = new List<string>();
            var options = settings.Bind(parseResult, problems);
            if (problems.Count > 0)
            {
                foreach (var line in problems)
                {
                    await error.WriteLineAsync(line);
                }

                return 1;
            }

            var (certificatePath, keyPath) = (parseResult.GetValue(certificateFile), parseResult.GetValue(keyFile));
            if ((certificatePath is null) != (keyPath is null))
            {
                await error.WriteLineAsync("--tls-cert-file and --tls-key-file go together");
                return 1;
            }

            X509Certificate2? certificate;
            try
            {
                certificate = certificatePath is null ? null : X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                await error.WriteLineAsync($"--tls-cert-file: cannot load '{certificatePath}' with the key in '{keyPath}'");
                return 1;
            }

            EmulatorTlsCertificate? ownCertificate = null;
            if (secureListen is not null && certificate is null)
            {
                try
                {
                    ownCertificate = EmulatorTlsCertificate.LoadOrCreate(EmulatorTlsCertificate.DefaultDirectory(), TimeProvider.System);
                    certificate = ownCertificate.Certificate;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await error.WriteLineAsync($"--https-address: cannot read or create the emulator's certificate: {e.Message}");
                    return 1;
                }
            }

            var listeners = Listeners(listen!, secureListen, certificate is not null, HttpAddressGiven(parseResult, address));
            WebApplication emulator;
            try
            {
                emulator = EntraEmulatorHost.Create(options, [.. listeners.Select(l => l.BindUrl)], certificate);
            }
            catch (EmulatorDirectoryException e)
            {
                await error.WriteLineAsync($"--directory: {e.Message}");
                return 1;
            }
            catch (InvalidOperationException e) when (options.IssuerHost is not null)
            {
                await error.WriteLineAsync($"--issuer-host: {e.Message}");
                return 1;
            }

            await using (emulator)
            using (certificate)
            {
                var shown = string.Join(", ", listeners.Select(l => l.DisplayUrl));
                if (!await HostRunner.TryStartAsync(emulator, "emulator", shown, error, cancellationToken))
                {
                    return 1;
                }

                // The https listener first: "Entra ID emulator on https://…" is what scripts and tests wait for.
                var url = listeners[0].DisplayUrl;
                await output.WriteLineAsync(
                    $"Entra ID emulator on {url} — discovery: {url}/{DemoDirectory.ContosoTenantId}/v2.0/.well-known/openid-configuration");
                foreach (var other in listeners.Skip(1))
                {
                    await output.WriteLineAsync($"Entra ID emulator also on {other.DisplayUrl}");
                }

                if (ownCertificate is not null)
                {
                    await output.WriteLineAsync(
                        $"https certificate {ownCertificate.CertificatePath} ({(ownCertificate.Created ? "created" : "reused")}, valid until {ownCertificate.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}); `lanyard emulator trust-cert` says how to trust it");
                }

                await HostRunner.WaitForShutdownAsync(cancellationToken, emulator);
            }

            return 0;
        });
        return command;
    }

    /// <summary>A Kestrel URL for the address (any host binds every interface).</summary>
    public static string ListenUrl(ListenAddress address, string scheme) =>
        address.IsAnyHost ? $"{scheme}://0.0.0.0:{address.Port}" : $"{scheme}://{address.Host}:{address.Port}";

    // Which sockets to open. Without --https-address the one --http-address listener serves https when TLS files
    // are given (the old meaning, kept for provider_ca_files tests). With it, https there, and http beside it only
    // when --http-address was given too, so `--https-address` alone does not also take the default port.
    private static List<Listener> Listeners(ListenAddress http, ListenAddress? https, bool hasCertificate, bool httpGiven)
    {
        if (https is null)
        {
            var scheme = hasCertificate ? "https" : "http";
            return [new Listener(ListenUrl(http, scheme), http.ToDisplayUrl(scheme))];
        }

        List<Listener> listeners = [new Listener(ListenUrl(https, "https"), https.ToDisplayUrl("https"))];
        if (httpGiven)
        {
            listeners.Add(new Listener(ListenUrl(http, "http"), http.ToDisplayUrl("http")));
        }

        return listeners;
    }

    private static bool HttpAddressGiven(ParseResult parseResult, Option<string> address) =>
        parseResult.GetResult(address) is { Implicit: false };

    private sealed record Listener(string BindUrl, string DisplayUrl);
}
