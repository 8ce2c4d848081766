namespace Lanyard.Kubectl;

/// <summary>
/// The flags of one <c>lanyard kubectl convert-kubeconfig</c> run, kubelogin's names. A value left null keeps what
/// the user's entry already says (kubelogin's exec args, or the legacy <c>azure</c> auth-provider's config).
/// </summary>
internal sealed record ConvertKubeconfigRequest
{
    public LoginMode Login { get; init; } = LoginMode.DeviceCode;

    /// <summary>The exec command kubectl runs: this lanyard's path, or <c>lanyard</c> from PATH.</summary>
    public required string Command { get; init; }

    /// <summary>Only the user of this context; null: every kubelogin or legacy azure user.</summary>
    public string? Context { get; init; }

    public string? ServerId { get; init; }

    public string? ClientId { get; init; }

    public string? TenantId { get; init; }

    public string? Environment { get; init; }

    public string? AuthorityHost { get; init; }

    public string? CacheDirectory { get; init; }

    public string? ClientCertificatePath { get; init; }

    public string? FederatedTokenFile { get; init; }

    public string? LoginHint { get; init; }
}
