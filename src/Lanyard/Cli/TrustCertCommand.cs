using System.CommandLine;
using Lanyard.Emulator.Hosting;

namespace Lanyard.Cli;

/// <summary>
/// <c>lanyard emulator trust-cert [--print]</c>: where the emulator's own https certificate is (made now if there is
/// none yet, as <c>--https-address</c> would), and how to trust it; <c>--print</c> writes the PEM itself, for a test
/// or an app that trusts exactly that certificate.
/// </summary>
internal static class TrustCertCommand
{
    public static Command Create()
    {
        var print = new Option<bool>("--print") { Description = "Print the certificate (PEM) instead of its path" };
        var command = new Command("trust-cert", "Show the emulator's self-created https certificate, to trust it in apps and tests.") { print };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            EmulatorTlsCertificate certificate;
            try
            {
                certificate = EmulatorTlsCertificate.LoadOrCreate(EmulatorTlsCertificate.DefaultDirectory(), TimeProvider.System);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"lanyard: cannot read or create the emulator's certificate: {e.Message}");
                return 1;
            }

            using (certificate.Certificate)
            {
                if (parseResult.GetValue(print))
                {
                    await output.WriteAsync(await File.ReadAllTextAsync(certificate.CertificatePath, cancellationToken));
                    return 0;
                }

                await output.WriteLineAsync(certificate.CertificatePath);
                await output.WriteLineAsync(TrustHint(certificate.CertificatePath));
                return 0;
            }
        });
        return command;
    }

    public static string TrustHint(string certificatePath) =>
        $"Trust it with SSL_CERT_FILE={certificatePath} (one process), or copy it to /usr/local/share/ca-certificates/lanyard-emulator.crt and run update-ca-certificates (the machine).";
}
