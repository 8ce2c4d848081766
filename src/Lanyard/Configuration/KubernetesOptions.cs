namespace Lanyard.Configuration;

/// <summary>
/// How the TokenReview webhook turns an Entra access token into a Kubernetes user (issue 12, AKS's rules).
/// </summary>
/// <param name="Audiences">The server application's audiences a token must carry one of (<c>kube_audiences</c>;
/// default: <c>client_id</c>, <c>api://client_id</c> and <c>spn:client_id</c>, the forms Entra issues).</param>
/// <param name="ApiAudiences">The API server's own audiences (<c>kube_api_audiences</c>): when set, a review's
/// <c>spec.audiences</c> must include one and the answer names them; when empty the answer names none and the API
/// server applies its implicit audiences.</param>
/// <param name="UsernameClaim"><c>kube_username_claim</c>: <c>upn</c> (AKS: the UPN of a home-tenant member, the object id
/// of anyone else), or <c>oid</c>, <c>email</c>, <c>preferred_username</c>, <c>sub</c>.</param>
/// <param name="UsernamePrefix"><c>kube_username_prefix</c>, before every user name.</param>
/// <param name="GroupsPrefix"><c>kube_groups_prefix</c>, before every group object id.</param>
/// <param name="GroupCacheTtl"><c>kube_group_cache_ttl</c>: how long a user's groups read from Microsoft Graph are kept.</param>
internal sealed record KubernetesOptions(
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> ApiAudiences,
    string UsernameClaim,
    string UsernamePrefix,
    string GroupsPrefix,
    TimeSpan GroupCacheTtl)
{
    public static readonly string[] UsernameClaims = ["upn", "oid", "email", "preferred_username", "sub"];
}
