using Lanyard.Configuration;

namespace Lanyard.Providers.Entra;

/// <summary>Tenant ids fixed by Microsoft (entra-protocol.md §1.2, §4.4).</summary>
internal static class EntraTenants
{
    /// <summary>The tenant of personal Microsoft accounts (outlook.com, live.com); <c>consumers</c> is its alias.</summary>
    public const string PersonalAccounts = "9188040d-6c67-4c5b-b112-36a304b66dad";

    /// <summary>
    /// Whether <paramref name="issuerUrl"/> names one of Entra's multi-tenant endpoints (<c>common</c>,
    /// <c>organizations</c>, <c>consumers</c>) rather than one tenant: then no home tenant is known from it.
    /// </summary>
    public static bool IsMultiTenantEndpoint(Uri issuerUrl) =>
        issuerUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var tenant, ..]
        && (tenant.Equals("common", StringComparison.OrdinalIgnoreCase) || tenant.Equals("organizations", StringComparison.OrdinalIgnoreCase) || tenant.Equals("consumers", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether this configuration admits more than one tenant: a multi-tenant endpoint, whose discovery document names
    /// the <c>{tenantid}</c> template, or <c>insecure_oidc_skip_issuer_verification</c> (oauth2-proxy's way to the same
    /// end). Then no exact issuer match pins a tenant, and each token's issuer must be its own <c>tid</c>'s instead.
    /// </summary>
    public static bool AdmitsManyTenants(ProviderOptions options) =>
        options.SkipIssuerVerification || IsMultiTenantEndpoint(options.IssuerUrl);
}
