namespace Lanyard.Kubectl;

/// <summary>The resolved flags of one <c>lanyard kubectl get-token</c> run (kubelogin's names, kubernetes-authn.md §3.2).</summary>
internal sealed record GetTokenRequest
{
    public required LoginMode Login { get; init; }

    /// <summary>The cluster's server application: tokens are requested for <c>{ServerId}/.default</c>.</summary>
    public required string ServerId { get; init; }

    public string? ClientId { get; init; }

    public string? TenantId { get; init; }

    /// <summary>The sign-in host, e.g. <c>https://login.microsoftonline.com</c>, from --environment or --authority-host.</summary>
    public required string AuthorityHost { get; init; }

    public required string CacheDirectory { get; init; }

    public string? ClientSecret { get; init; }

    public string? ClientCertificatePath { get; init; }

    public string? ClientCertificatePassword { get; init; }

    public string? FederatedTokenFile { get; init; }

    public string? LoginHint { get; init; }

    /// <summary>The IMDS base URL for msi (Azure.Identity's AZURE_POD_IDENTITY_AUTHORITY_HOST, else 169.254.169.254).</summary>
    public string ImdsEndpoint { get; init; } = "http://169.254.169.254";

    /// <summary>kubelogin trims a trailing slash off the server id and appends <c>/.default</c> (§3.5).</summary>
    public string ServerScope => ServerId.TrimEnd('/') + "/.default";

    public string Authority => $"{AuthorityHost.TrimEnd('/')}/{TenantId}/oauth2/v2.0";

    public CacheKey CacheKey => new(AuthorityHost, TenantId ?? "", ClientId ?? "", ServerId,
        Login is LoginMode.DeviceCode or LoginMode.Interactive ? "user" : Login.ToString().ToLowerInvariant());
}

internal enum LoginMode
{
    DeviceCode,
    Interactive,
    Spn,
    WorkloadIdentity,
    Msi,
}
