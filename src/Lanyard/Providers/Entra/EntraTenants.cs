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
    public static bool IsMultiTenantEndpoint(Uri issuerUrl) => EndpointOf(issuerUrl) is not null;

    /// <summary><c>common</c>, <c>organizations</c> or <c>consumers</c> (lower case) as the issuer URL names it, else null.</summary>
    public static string? EndpointOf(Uri issuerUrl) =>
        issuerUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var tenant, ..]
        && (tenant.Equals("common", StringComparison.OrdinalIgnoreCase) || tenant.Equals("organizations", StringComparison.OrdinalIgnoreCase) || tenant.Equals("consumers", StringComparison.OrdinalIgnoreCase))
            ? tenant.ToLowerInvariant()
            : null;

    /// <summary>
    /// The tenants a multi-tenant endpoint cannot issue for, whatever <c>entra_id_allowed_tenants</c> says:
    /// <c>organizations</c> signs in work and school accounts only, <c>consumers</c> personal accounts only. A token
    /// from outside them reached Lanyard some other way (a bearer token, a TokenReview) and is refused. Why, or null.
    /// </summary>
    public static string? RefusalByEndpoint(string? endpoint, string tenantId) => endpoint switch
    {
        "organizations" when tenantId == PersonalAccounts =>
            "personal Microsoft accounts may not sign in here (oidc_issuer_url names organizations: work and school accounts)",
        "consumers" when tenantId != PersonalAccounts =>
            $"only personal Microsoft accounts may sign in here (oidc_issuer_url names consumers), not tenant {tenantId}",
        _ => null,
    };

    /// <summary>
    /// Whether this configuration admits more than one tenant: a multi-tenant endpoint, whose discovery document names
    /// the <c>{tenantid}</c> template, or <c>insecure_oidc_skip_issuer_verification</c> (oauth2-proxy's way to the same
    /// end). Then no exact issuer match pins a tenant, and each token's issuer must be its own <c>tid</c>'s instead.
    /// </summary>
    public static bool AdmitsManyTenants(ProviderOptions options) =>
        options.SkipIssuerVerification || IsMultiTenantEndpoint(options.IssuerUrl);

    /// <summary>
    /// Whether every Entra tenant's users get in: many are admitted and <c>entra_id_allowed_tenants</c> names none
    /// (<c>consumers</c> aside, which admits personal accounts only, as its name says). Warned about at startup.
    /// </summary>
    public static bool AdmitsEveryTenant(ProviderOptions options) =>
        options.Type == ProviderType.EntraId && AdmitsManyTenants(options) && options.EntraId.AllowedTenants.Count == 0
        && EndpointOf(options.IssuerUrl) != "consumers";

    /// <summary>Whose users sign in, in a phrase for <c>lanyard config check</c>.</summary>
    public static string DescribeAdmitted(ProviderOptions options) => EndpointOf(options.IssuerUrl) switch
    {
        _ when AdmitsEveryTenant(options) => "every tenant's (entra_id_allowed_tenants is not set)",
        "consumers" => "personal Microsoft accounts only (consumers)",
        var endpoint when AdmitsManyTenants(options) =>
            $"those of entra_id_allowed_tenants: {string.Join(", ", options.EntraId.AllowedTenants)}{(endpoint == "organizations" ? " (organizations: no personal accounts)" : "")}",
        _ => "the one tenant of oidc_issuer_url",
    };
}
