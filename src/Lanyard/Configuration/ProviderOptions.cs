namespace Lanyard.Configuration;

internal enum ProviderType
{
    Oidc,
    EntraId,
}

/// <summary>The identity provider and this app's registration with it.</summary>
/// <param name="SkipIssuerVerification"><c>insecure_oidc_skip_issuer_verification</c>: no exact issuer match at
/// discovery and in ID tokens. For Entra ID the tenant-bound issuer check still applies.</param>
internal sealed record ProviderOptions(
    ProviderType Type,
    string DisplayName,
    Uri IssuerUrl,
    string ClientId,
    ClientCredentialOptions Credential,
    IReadOnlyList<string> Scopes,
    Uri? RedirectUrl,
    bool SkipIssuerVerification,
    EntraIdOptions EntraId,
    string? Prompt = null,
    bool AcceptBearerTokens = false,
    IReadOnlyList<string>? ExtraAudiences = null)
{
    public string Scope => string.Join(' ', Scopes);

    /// <summary>What a bearer token's <c>aud</c> may be: this app's client id, or one of <c>oidc_extra_audiences</c>.</summary>
    public IReadOnlyList<string> BearerAudiences { get; } = [ClientId, .. ExtraAudiences ?? []];
}
