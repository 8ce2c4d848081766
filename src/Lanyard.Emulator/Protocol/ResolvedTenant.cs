namespace Lanyard.Emulator.Protocol;

/// <summary>
/// The <c>{tenant}</c> path segment after resolution: a concrete tenant (given by GUID or domain), or one of the
/// multi-tenant aliases <c>common</c>/<c>organizations</c>, for which <see cref="Tenant"/> is null (§1.2).
/// <c>consumers</c> (personal accounts) is not modelled and resolves to nothing.
/// </summary>
internal sealed record ResolvedTenant(string Segment, EmulatorTenant? Tenant)
{
    public bool IsAnyOrganization => Tenant is null;

    /// <summary>The segment used in URLs the emulator hands out: the GUID for a concrete tenant, never the domain.</summary>
    public string PathSegment => Tenant?.Id ?? Segment;

    public string Name => Tenant?.Name ?? Segment;

    /// <summary>Whether the application exists as seen from this tenant: at home, or anywhere if multi-tenant.</summary>
    public bool Sees(EmulatorApplication app) =>
        Tenant is null
        || app.SignInAudience == EmulatorSignInAudience.AzureADMultipleOrgs
        || string.Equals(app.HomeTenantId, Tenant.Id, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the user may sign in here (guests are not modelled: a user signs in to their own tenant).</summary>
    public bool Admits(EmulatorUser user) =>
        Tenant is null || string.Equals(user.TenantId, Tenant.Id, StringComparison.OrdinalIgnoreCase);
}
