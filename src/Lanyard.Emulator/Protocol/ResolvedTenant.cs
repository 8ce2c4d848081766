namespace Lanyard.Emulator.Protocol;

/// <summary>
/// The <c>{tenant}</c> path segment after resolution (§1.2): a concrete tenant (given by GUID or domain, or
/// <c>consumers</c> for the personal-accounts tenant), or one of the multi-tenant aliases <c>common</c> and
/// <c>organizations</c>, for which <see cref="Tenant"/> is null.
/// </summary>
internal sealed record ResolvedTenant(string Segment, EmulatorTenant? Tenant)
{
    public const string Common = "common";
    public const string Organizations = "organizations";

    /// <summary>True for <c>common</c> and <c>organizations</c>: the tenant is the user's own, known only after sign-in.</summary>
    public bool IsAnyOrganization => Tenant is null;

    public bool IsConsumers => string.Equals(Segment, WellKnownIds.ConsumersSegment, StringComparison.Ordinal);

    public bool IsPersonalAccounts => Tenant?.IsPersonalAccounts == true;

    /// <summary>
    /// The segment used in URLs the emulator hands out: the GUID for a concrete tenant, never the domain; the aliases
    /// (including <c>consumers</c>) keep their literal segment, as Entra's metadata does (§1.4).
    /// </summary>
    public string PathSegment => Tenant is { } tenant && !IsConsumers ? tenant.Id : Segment;

    public string Name => Tenant?.Name ?? Segment;

    /// <summary>
    /// Whether the application exists as seen from this tenant: at home, anywhere if multi-tenant, and in the
    /// personal-accounts tenant only if it accepts personal accounts. Through <c>common</c>/<c>organizations</c> every
    /// application is seen; the multi-tenant check follows with its own error (AADSTS50194).
    /// </summary>
    public bool Sees(EmulatorApplication app) => Tenant switch
    {
        null => true,
        { IsPersonalAccounts: true } => app.SignInAudience.AcceptsPersonalAccounts(),
        { } tenant => app.SignInAudience.IsMultiTenant() || string.Equals(app.HomeTenantId, tenant.Id, StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>
    /// Whether the user may sign in here: <c>common</c> admits everyone, <c>organizations</c> every work or school
    /// account, a concrete tenant (and <c>consumers</c>) its own users. Guests are not modelled.
    /// </summary>
    public bool Admits(EmulatorUser user) => Tenant switch
    {
        null when Segment == Organizations => !user.IsPersonalAccount,
        null => true,
        { } tenant => string.Equals(user.TenantId, tenant.Id, StringComparison.OrdinalIgnoreCase),
    };
}
