using System.CommandLine;
using Lanyard.Kubectl;

namespace Lanyard.Cli;

/// <summary>
/// <c>lanyard kubectl get-token|remove-tokens</c>: a kubectl exec credential plugin with Azure kubelogin's flag names
/// (kubernetes-authn.md §3), so a kubeconfig can swap <c>kubelogin</c> for <c>lanyard kubectl</c>.
/// </summary>
internal static class KubectlCommand
{
    public static Command Create()
    {
        var command = new Command("kubectl", "kubectl credential plugin: sign in to Entra ID and print an ExecCredential.");
        command.Add(GetToken());
        command.Add(RemoveTokens());
        command.Add(ConvertKubeconfigCommand.Create());
        return command;
    }

    private static Option<string> CacheDirectory() => new("--token-cache-dir", "--cache-dir")
    {
        Description = "Directory of the token cache (env KUBECACHEDIR; default ~/.kube/cache/lanyard)",
    };

    private static Command GetToken()
    {
        var login = new Option<string>("--login", "-l") { Description = "devicecode, interactive, spn, workloadidentity or msi (env AAD_LOGIN_METHOD; default devicecode)" };
        var serverId = new Option<string>("--server-id") { Description = "Application id of the cluster's server app; tokens are for {server-id}/.default" };
        var clientId = new Option<string>("--client-id") { Description = "Client (application) id: the public client for devicecode/interactive, the app for spn/workloadidentity, a user-assigned identity for msi" };
        var tenantId = new Option<string>("--tenant-id", "-t") { Description = "Tenant id or domain (env AZURE_TENANT_ID)" };
        var environment = new Option<string>("--environment", "-e") { Description = "AzurePublicCloud (default), AzureUSGovernmentCloud or AzureChinaCloud" };
        var authorityHost = new Option<string>("--authority-host", "--authority") { Description = "Sign-in host instead of the environment's, e.g. http://127.0.0.1:4181 for lanyard emulator (env AZURE_AUTHORITY_HOST for workloadidentity)" };
        var cacheDir = CacheDirectory();
        var secret = new Option<string>("--client-secret") { Description = "spn: the client secret (env AAD_SERVICE_PRINCIPAL_CLIENT_SECRET or AZURE_CLIENT_SECRET is safer: flags show in ps)" };
        var certificate = new Option<string>("--client-certificate") { Description = "spn: PEM (certificate and key) or PFX file (env AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE or AZURE_CLIENT_CERTIFICATE_PATH)" };
        var certificatePassword = new Option<string>("--client-certificate-password") { Description = "spn: password of a PFX file (env AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD)" };
        var federatedTokenFile = new Option<string>("--federated-token-file") { Description = "workloadidentity: the projected service-account token (env AZURE_FEDERATED_TOKEN_FILE)" };
        var loginHint = new Option<string>("--login-hint") { Description = "interactive: the account to preselect" };
        var command = new Command("get-token", "Print an ExecCredential with an Entra access token for the cluster (one JSON line on stdout; everything else on stderr).")
        {
            login, serverId, clientId, tenantId, environment, authorityHost, cacheDir, secret, certificate, certificatePassword, federatedTokenFile, loginHint,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            string? Env(params string[] names) => names.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            var apiVersion = ExecCredential.ApiVersionFrom(Env("KUBERNETES_EXEC_INFO"), out var versionProblem);
            if (apiVersion is null)
            {
                return await FailAsync(error, versionProblem!);
            }

            var loginName = parseResult.GetValue(login) ?? Env("AAD_LOGIN_METHOD") ?? "devicecode";
            if (LoginModeName.Parse(loginName) is not { } mode)
            {
                return await FailAsync(error, LoginModeName.Problem(loginName));
            }

            var environmentName = parseResult.GetValue(environment) ?? KubeCloud.Public;
            var host = parseResult.GetValue(authorityHost) ?? (mode == LoginMode.WorkloadIdentity ? Env("AZURE_AUTHORITY_HOST") : null);
            host ??= KubeCloud.AuthorityHost(environmentName);
            if (host is null)
            {
                return await FailAsync(error, $"--environment '{environmentName}' is not one of {string.Join(", ", KubeCloud.Names)}");
            }

            if (!Uri.TryCreate(host, UriKind.Absolute, out var hostUri) || hostUri.Scheme is not ("http" or "https"))
            {
                return await FailAsync(error, $"--authority-host '{host}' is not an http(s) URL");
            }

            var request = new GetTokenRequest
            {
                Login = mode,
                ServerId = parseResult.GetValue(serverId) ?? "",
                ClientId = parseResult.GetValue(clientId) ?? (mode is LoginMode.Spn ? Env("AAD_SERVICE_PRINCIPAL_CLIENT_ID", "AZURE_CLIENT_ID")
                    : mode is LoginMode.WorkloadIdentity ? Env("AZURE_CLIENT_ID") : null),
                TenantId = parseResult.GetValue(tenantId) ?? Env("AZURE_TENANT_ID"),
                AuthorityHost = host,
                CacheDirectory = parseResult.GetValue(cacheDir) ?? Env("KUBECACHEDIR") ?? TokenCache.DefaultDirectory,
                ClientSecret = parseResult.GetValue(secret) ?? Env("AAD_SERVICE_PRINCIPAL_CLIENT_SECRET", "AZURE_CLIENT_SECRET"),
                ClientCertificatePath = parseResult.GetValue(certificate) ?? Env("AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE", "AZURE_CLIENT_CERTIFICATE_PATH"),
                ClientCertificatePassword = parseResult.GetValue(certificatePassword) ?? Env("AAD_SERVICE_PRINCIPAL_CLIENT_CERTIFICATE_PASSWORD", "AZURE_CLIENT_CERTIFICATE_PASSWORD"),
                FederatedTokenFile = parseResult.GetValue(federatedTokenFile) ?? Env("AZURE_FEDERATED_TOKEN_FILE"),
                LoginHint = parseResult.GetValue(loginHint),
                ImdsEndpoint = Env("AZURE_POD_IDENTITY_AUTHORITY_HOST") ?? "http://169.254.169.254",
            };
            if (Missing(request) is { } missing)
            {
                return await FailAsync(error, missing);
            }

            using var services = new ServiceCollection()
                .AddHttpClient(EntraTokenClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30)).Services
                .BuildServiceProvider();
            var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(EntraTokenClient.HttpClientName);
            try
            {
                var token = await new GetTokenRunner(request, http, TimeProvider.System, error).RunAsync(cancellationToken);
                await parseResult.InvocationConfiguration.Output.WriteLineAsync(ExecCredential.Write(apiVersion, token.AccessToken, token.ExpiresAt));
                return 0;
            }
            catch (SignInFailedException e)
            {
                return await FailAsync(error, e.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return await FailAsync(error, "sign-in cancelled", 130);
            }
        });
        return command;
    }

    /// <summary>What each mode needs (kubernetes-authn.md §3.2, §3.4), named by flag.</summary>
    internal static string? Missing(GetTokenRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ServerId))
        {
            return "--server-id is required";
        }

        if (request.Login != LoginMode.Msi && string.IsNullOrWhiteSpace(request.TenantId))
        {
            return "--tenant-id (or AZURE_TENANT_ID) is required";
        }

        if (request.Login != LoginMode.Msi && string.IsNullOrWhiteSpace(request.ClientId))
        {
            return request.Login == LoginMode.Spn ? "--client-id (or AAD_SERVICE_PRINCIPAL_CLIENT_ID) is required" : "--client-id is required";
        }

        return request.Login switch
        {
            LoginMode.Spn when request.ClientSecret is null && request.ClientCertificatePath is null =>
                "--login spn needs --client-secret (or AAD_SERVICE_PRINCIPAL_CLIENT_SECRET) or --client-certificate",
            LoginMode.WorkloadIdentity when request.FederatedTokenFile is null => "--login workloadidentity needs AZURE_FEDERATED_TOKEN_FILE",
            _ => null,
        };
    }

    private static Command RemoveTokens()
    {
        var cacheDir = CacheDirectory();
        var command = new Command("remove-tokens", "Delete every cached kubectl token (the next get-token signs in again).") { cacheDir };
        command.Aliases.Add("remove-cache-dir");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var directory = parseResult.GetValue(cacheDir) ?? Environment.GetEnvironmentVariable("KUBECACHEDIR") ?? TokenCache.DefaultDirectory;
            try
            {
                var removed = new TokenCache(directory).Clear();
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"Removed {removed} cached token(s) from {directory}");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return await FailAsync(parseResult.InvocationConfiguration.Error, $"cannot clear {directory}: {e.Message}");
            }
        });
        return command;
    }

    private static async Task<int> FailAsync(TextWriter error, string reason, int exitCode = 1)
    {
        await error.WriteLineAsync($"lanyard kubectl get-token: {reason}");
        return exitCode;
    }
}
