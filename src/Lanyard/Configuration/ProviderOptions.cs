using Lanyard.Security;

namespace Lanyard.Configuration;

internal enum ProviderType
{
    Oidc,
    EntraId,
}

/// <summary>The identity provider and this app's registration with it.</summary>
internal sealed record ProviderOptions(
    ProviderType Type,
    string DisplayName,
    Uri IssuerUrl,
    string ClientId,
    Secret ClientSecret,
    IReadOnlyList<string> Scopes,
    Uri? RedirectUrl)
{
    public string Scope => string.Join(' ', Scopes);
}
