using System.CommandLine;
using Lanyard.Kubectl;

namespace Lanyard.Cli;

/// <summary>
/// <c>lanyard kubectl convert-kubeconfig</c>: kubelogin's command of that name, writing exec stanzas that run
/// <c>lanyard kubectl get-token</c>. The flags are kubelogin's where get-token has them; the work is
/// <see cref="ConvertKubeconfigRunner"/>'s.
/// </summary>
internal static class ConvertKubeconfigCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "The kubeconfig to convert (default: the first file of KUBECONFIG, else ~/.kube/config)" };
        var context = new Option<string>("--context") { Description = "Convert only this context's user (then even one that is not kubelogin's or azure's)" };
        var output = new Option<string>("--output", "-o") { Description = "Write the result to this file, or - for stdout: the whole kubeconfig, other users' credentials included (default: replace the kubeconfig in place)" };
        var command = new Option<string>("--command") { Description = "The exec command kubectl runs (default: this lanyard's path, or lanyard from PATH)" };
        var login = new Option<string>("--login", "-l") { Description = "devicecode (default), interactive, spn, workloadidentity or msi" };
        var serverId = new Option<string>("--server-id") { Description = "The cluster's server application id (default: the user's --server-id or apiserver-id)" };
        var clientId = new Option<string>("--client-id") { Description = "Client id (default for devicecode/interactive/spn: the user's own)" };
        var tenantId = new Option<string>("--tenant-id", "-t") { Description = "Tenant id (default for devicecode/interactive/spn: the user's own)" };
        var environment = new Option<string>("--environment", "-e") { Description = "AzurePublicCloud, AzureUSGovernmentCloud or AzureChinaCloud (default: the user's own, if any)" };
        var authorityHost = new Option<string>("--authority-host", "--authority") { Description = "Sign-in host instead of the environment's (e.g. lanyard emulator's)" };
        var cacheDir = new Option<string>("--token-cache-dir", "--cache-dir") { Description = "get-token's token cache directory (default: the user's own, if any)" };
        var certificate = new Option<string>("--client-certificate") { Description = "spn: PEM or PFX file of the service principal" };
        var federatedTokenFile = new Option<string>("--federated-token-file") { Description = "workloadidentity: the projected service-account token" };
        var loginHint = new Option<string>("--login-hint") { Description = "interactive: the account to preselect" };
        var secret = new Option<string>("--client-secret") { Description = "Refused: a kubeconfig is no place for a secret; get-token reads AAD_SERVICE_PRINCIPAL_CLIENT_SECRET" };
        var certificatePassword = new Option<string>("--client-certificate-password") { Description = "Refused: get-token reads AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD" };
        var convert = new Command("convert-kubeconfig", "Rewrite kubeconfig users that run kubelogin, or use the removed azure auth-provider, to run lanyard kubectl get-token.")
        {
            kubeconfig, context, output, command, login, serverId, clientId, tenantId, environment, authorityHost, cacheDir,
            certificate, federatedTokenFile, loginHint, secret, certificatePassword,
        };
        convert.SetAction(parseResult =>
        {
            var (stdout, error) = (parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            if (parseResult.GetValue(secret) is not null || parseResult.GetValue(certificatePassword) is not null)
            {
                // kubelogin writes the secret into the args, where every ps and every copy of the kubeconfig shows it.
                error.WriteLine("lanyard kubectl convert-kubeconfig: --client-secret and --client-certificate-password are not written to a kubeconfig; set AAD_SERVICE_PRINCIPAL_CLIENT_SECRET or AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD where kubectl runs");
                return 1;
            }

            var loginName = parseResult.GetValue(login) ?? "devicecode";
            if (LoginModeName.Parse(loginName) is not { } mode)
            {
                error.WriteLine($"lanyard kubectl convert-kubeconfig: {LoginModeName.Problem(loginName)}");
                return 1;
            }

            // get-token would refuse it at every kubectl run; refusing it now leaves the file as it was.
            if (parseResult.GetValue(authorityHost) is { } host && !(Uri.TryCreate(host, UriKind.Absolute, out var hostUri) && hostUri.Scheme is "http" or "https"))
            {
                error.WriteLine($"lanyard kubectl convert-kubeconfig: --authority-host '{host}' is not an http(s) URL");
                return 1;
            }

            var request = new ConvertKubeconfigRequest
            {
                Login = mode,
                Command = parseResult.GetValue(command) ?? DefaultCommand(),
                Context = parseResult.GetValue(context),
                ServerId = parseResult.GetValue(serverId),
                ClientId = parseResult.GetValue(clientId),
                TenantId = parseResult.GetValue(tenantId),
                Environment = parseResult.GetValue(environment),
                AuthorityHost = parseResult.GetValue(authorityHost),
                CacheDirectory = parseResult.GetValue(cacheDir),
                ClientCertificatePath = parseResult.GetValue(certificate),
                FederatedTokenFile = parseResult.GetValue(federatedTokenFile),
                LoginHint = parseResult.GetValue(loginHint),
            };
            var path = KubeconfigFile.Locate(parseResult.GetValue(kubeconfig), Environment.GetEnvironmentVariable("KUBECONFIG"),
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
            return ConvertKubeconfigRunner.Run(request, path, parseResult.GetValue(output), stdout, error);
        });
        return convert;
    }

    /// <summary>The running lanyard when it is its own executable; under <c>dotnet lanyard.dll</c>, lanyard from PATH.</summary>
    private static string DefaultCommand() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path).Equals("lanyard", StringComparison.OrdinalIgnoreCase)
            ? path
            : "lanyard";
}
