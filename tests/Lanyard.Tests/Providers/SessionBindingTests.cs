using Lanyard.Configuration;
using Lanyard.Providers.Entra;
using Lanyard.Providers.Oidc;
using Lanyard.Security;
using Lanyard.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lanyard.Tests.Providers;

/// <summary>Issue 9, finding 5: a stored session is checked against today's provider, client, issuer and tenants on every request.</summary>
public sealed class SessionBindingTests
{
    private const string Contoso = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";
    private const string Fabrikam = "f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60";

    private static ProviderOptions Options(ProviderType type, string issuer, bool skip, params string[] allowedTenants) => new(
        type, "p", new Uri(issuer), "client", new ClientCredentialOptions.ClientSecret(new Secret("s")),
        ["openid"], null, skip, new EntraIdOptions(allowedTenants, null));

    private static EntraIdProviderEvents Entra(ProviderOptions options) =>
        new(options, new ResolveGroupOverage(options, null!, TimeProvider.System, NullLogger<ResolveGroupOverage>.Instance));

    private static SessionBinding EntraSession(string tenant, string clientId = "client") =>
        new("entra-id", clientId, $"https://login.microsoftonline.com/{tenant}/v2.0", tenant);

    [Fact]
    public void SessionOfAnAllowedTenant_Passes() =>
        Assert.Null(Entra(Options(ProviderType.EntraId, "https://login.microsoftonline.com/common/v2.0", true, Contoso)).ValidateBinding(EntraSession(Contoso)));

    [Fact]
    public void TenantRemovedFromTheAllowList_EndsItsSessions() =>
        Assert.Contains("entra_id_allowed_tenants",
            Entra(Options(ProviderType.EntraId, "https://login.microsoftonline.com/common/v2.0", true, Contoso)).ValidateBinding(EntraSession(Fabrikam)), StringComparison.Ordinal);

    [Fact]
    public void SingleTenantApp_RefusesAnotherTenantsSession()
    {
        var events = Entra(Options(ProviderType.EntraId, $"https://login.microsoftonline.com/{Contoso}/v2.0", false));

        Assert.Null(events.ValidateBinding(EntraSession(Contoso)));
        Assert.NotNull(events.ValidateBinding(EntraSession(Fabrikam)));
    }

    [Fact]
    public void SessionOfAnotherClientOrProvider_IsRefused()
    {
        var events = Entra(Options(ProviderType.EntraId, "https://login.microsoftonline.com/common/v2.0", true));

        Assert.NotNull(events.ValidateBinding(EntraSession(Contoso, clientId: "another-client")));
        Assert.NotNull(events.ValidateBinding(EntraSession(Contoso) with { Provider = "oidc" }));
    }

    [Fact]
    public void SessionWhoseIssuerDoesNotMatchItsTenant_IsRefused() =>
        Assert.NotNull(Entra(Options(ProviderType.EntraId, "https://login.microsoftonline.com/common/v2.0", true))
            .ValidateBinding(EntraSession(Contoso) with { Issuer = "https://evil.test/" + Contoso + "/v2.0" }));

    [Fact]
    public void UnboundSession_IsRefused() =>
        Assert.NotNull(new OidcProviderEvents(Options(ProviderType.Oidc, "https://idp.test", false)).ValidateBinding(null));

    [Fact]
    public void GenericProvider_ChecksTheIssuerUnlessVerificationIsSkipped()
    {
        var strict = new OidcProviderEvents(Options(ProviderType.Oidc, "https://idp.test/", false));
        var skipping = new OidcProviderEvents(Options(ProviderType.Oidc, "https://idp.test/", true));
        var elsewhere = new SessionBinding("oidc", "client", "https://other-idp.test");

        Assert.Null(strict.ValidateBinding(new SessionBinding("oidc", "client", "https://idp.test")));
        Assert.NotNull(strict.ValidateBinding(elsewhere));
        Assert.Null(skipping.ValidateBinding(elsewhere));
    }
}
