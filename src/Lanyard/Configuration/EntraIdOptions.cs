namespace Lanyard.Configuration;

/// <summary>What only Microsoft Entra ID needs: allowed tenants and where Microsoft Graph is.</summary>
/// <param name="AllowedTenants">Tenant ids that may sign in; empty = all (oauth2-proxy's <c>entra_id_allowed_tenants</c>).</param>
/// <param name="GraphUrl">Microsoft Graph's base URL for group overage, or null when it is not known for this cloud.</param>
internal sealed record EntraIdOptions(IReadOnlyList<string> AllowedTenants, Uri? GraphUrl)
{
    /// <summary>
    /// <c>azure_graph_group_field</c>: the Graph group property a group is known by. Other than <c>id</c>, the token's
    /// group ids are not what rules name, so Graph is read at every sign-in (oauth2-proxy's azure provider does the same).
    /// </summary>
    public string GraphGroupField { get; init; } = "id";

    public bool GroupsFromGraphAlways => GraphGroupField != "id";
}
