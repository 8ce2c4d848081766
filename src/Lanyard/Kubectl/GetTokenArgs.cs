namespace Lanyard.Kubectl;

/// <summary>
/// The args of the exec stanza that runs <c>lanyard kubectl get-token</c> for one user, chosen per login mode as
/// kubelogin's converter chooses them (its pkg/internal/converter): the user's own server, client and tenant ids
/// unless a flag overrides them, and for spn, msi and workloadidentity only what the flags give, since the ids a
/// device-code user had (a public client) are not the identity of a service principal or a pod.
/// </summary>
internal static class GetTokenArgs
{
    public static IReadOnlyList<string> For(ConvertKubeconfigRequest request, KubeconfigUser user)
    {
        var args = new List<string> { "kubectl", "get-token", "--login", Name(request.Login) };
        var serverId = request.ServerId ?? user.ServerId ?? throw new KubeconfigConversionException("no server id in the kubeconfig; give --server-id");
        args.AddRange(["--server-id", serverId]);
        Add(args, "--token-cache-dir", request.CacheDirectory ?? user.CacheDirectory);
        switch (request.Login)
        {
            case LoginMode.DeviceCode or LoginMode.Interactive or LoginMode.Spn:
                args.AddRange(["--client-id", request.ClientId ?? user.ClientId ?? throw new KubeconfigConversionException("no client id in the kubeconfig; give --client-id")]);
                args.AddRange(["--tenant-id", request.TenantId ?? user.TenantId ?? throw new KubeconfigConversionException("no tenant id in the kubeconfig; give --tenant-id")]);
                Add(args, "--environment", Environment(request.Environment ?? user.Environment));
                Add(args, "--authority-host", request.AuthorityHost ?? user.AuthorityHost);
                if (request.Login == LoginMode.Interactive)
                {
                    Add(args, "--login-hint", request.LoginHint ?? user.LoginHint);
                }
                else if (request.Login == LoginMode.Spn)
                {
                    // The secret is never written here: get-token reads it from AAD_SERVICE_PRINCIPAL_CLIENT_SECRET.
                    Add(args, "--client-certificate", request.ClientCertificatePath);
                }

                break;
            case LoginMode.Msi:
                Add(args, "--client-id", request.ClientId);
                break;
            case LoginMode.WorkloadIdentity:
                // The pod's webhook-injected AZURE_* variables name these; a flag pins them.
                Add(args, "--client-id", request.ClientId);
                Add(args, "--tenant-id", request.TenantId);
                Add(args, "--authority-host", request.AuthorityHost);
                Add(args, "--federated-token-file", request.FederatedTokenFile);
                break;
            default:
                throw new KubeconfigConversionException($"login mode {request.Login} has no conversion");
        }

        return args;
    }

    public static string Name(LoginMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>get-token refuses an unknown cloud at every run; refusing it now leaves the file as it was.</summary>
    private static string? Environment(string? name) =>
        name is null || KubeCloud.AuthorityHost(name) is not null ? name
            : throw new KubeconfigConversionException($"environment '{name}' is not one of {string.Join(", ", KubeCloud.Names)}");

    private static void Add(List<string> args, string flag, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            args.AddRange([flag, value]);
        }
    }
}
