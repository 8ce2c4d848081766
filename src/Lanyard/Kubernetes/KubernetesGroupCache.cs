using Lanyard.Caching;
using Lanyard.Configuration;
using Lanyard.Providers.Entra;

namespace Lanyard.Kubernetes;

/// <summary>
/// An overage user's groups for the webhook: read from Microsoft Graph with the application's own app-only token
/// (the user's token is for the cluster, not Graph), every page, and kept per user for <c>kube_group_cache_ttl</c>.
/// Reviews of one user that arrive together share one Graph read; a failed read is not kept, so the API server's
/// retry asks Graph again. Bounded: past <see cref="MaxUsers"/> entries, expired ones are dropped, and if none are,
/// new results are not kept.
/// </summary>
internal sealed class KubernetesGroupCache(KubernetesOptions kube, GraphAppToken appToken, ResolveGroupOverage graph, TimeProvider time)
{
    private const int MaxUsers = 50_000;

    // Only groups Graph gave are kept, for the TTL from when they arrived.
    private readonly SingleFlightCache<GroupResolution> _users = new(
        result => result is GroupResolution.Resolved && kube.GroupCacheTtl > TimeSpan.Zero ? time.GetUtcNow() + kube.GroupCacheTtl : null,
        maxEntries: MaxUsers,
        StringComparer.OrdinalIgnoreCase,
        time);

    public async Task<GroupResolution> GroupsAsync(string tenantId, string objectId, CancellationToken cancellationToken)
    {
        // Fresh or not does not matter here: groups are kept from when they arrived, so a read made for this review
        // cannot be stale already.
        var (groups, _) = await _users.GetAsync(
            tenantId + "/" + objectId,
            (Cache: this, TenantId: tenantId, ObjectId: objectId),
            static (_, user) => user.Cache.LoadAsync(user.TenantId, user.ObjectId),
            cancellationToken);
        return groups;
    }

    // Not tied to one caller's cancellation: the others reviewing the same user wait on it. Graph's HTTP timeout and
    // its bounded retries bound it.
    private async Task<GroupResolution> LoadAsync(string tenantId, string objectId)
    {
        var (token, problem) = await appToken.GetAsync(tenantId, CancellationToken.None);
        return token is null
            ? new GroupResolution.Unresolved(problem ?? "no Microsoft Graph token")
            : await graph.ResolveForUserAsync(objectId, token, CancellationToken.None);
    }
}
