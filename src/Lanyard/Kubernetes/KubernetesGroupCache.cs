using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, Entry> _users = new(StringComparer.OrdinalIgnoreCase);

    public async Task<GroupResolution> GroupsAsync(string tenantId, string objectId, CancellationToken cancellationToken)
    {
        var key = tenantId + "/" + objectId;
        for (var attempt = 0; ; attempt++)
        {
            var entry = _users.GetOrAdd(key, static (k, state) => new Entry(state.Cache, k, state.TenantId, state.ObjectId), (Cache: this, TenantId: tenantId, ObjectId: objectId));
            var result = await entry.Lookup.Value.WaitAsync(cancellationToken);
            if (attempt == 0 && entry.ExpiresAt is { } expires && expires <= time.GetUtcNow())
            {
                // Stale: the first caller to notice removes it and reads again; the others find the new entry.
                _users.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                continue;
            }

            return result;
        }
    }

    // Not tied to one caller's cancellation: the others reviewing the same user wait on it. Graph's HTTP timeout and
    // its bounded retries bound it.
    private async Task<GroupResolution> LoadAsync(Entry entry)
    {
        var (token, problem) = await appToken.GetAsync(entry.TenantId, CancellationToken.None);
        var result = token is null
            ? new GroupResolution.Unresolved(problem ?? "no Microsoft Graph token")
            : await graph.ResolveForUserAsync(entry.ObjectId, token, CancellationToken.None);
        if (result is GroupResolution.Resolved && kube.GroupCacheTtl > TimeSpan.Zero && Keep())
        {
            entry.ExpiresAt = time.GetUtcNow() + kube.GroupCacheTtl;
        }
        else
        {
            _users.TryRemove(new KeyValuePair<string, Entry>(entry.Key, entry));
        }

        return result;
    }

    private bool Keep()
    {
        if (_users.Count <= MaxUsers)
        {
            return true;
        }

        var now = time.GetUtcNow();
        foreach (var (key, stale) in _users.Where(e => e.Value.ExpiresAt is { } expires && expires <= now).ToList())
        {
            _users.TryRemove(new KeyValuePair<string, Entry>(key, stale));
        }

        return _users.Count <= MaxUsers;
    }

    private sealed class Entry
    {
        private long _expiresAtTicks = long.MaxValue;

        public Entry(KubernetesGroupCache cache, string key, string tenantId, string objectId)
        {
            Key = key;
            TenantId = tenantId;
            ObjectId = objectId;
            Lookup = new Lazy<Task<GroupResolution>>(() => cache.LoadAsync(this));
        }

        public string Key { get; }

        public string TenantId { get; }

        public string ObjectId { get; }

        public Lazy<Task<GroupResolution>> Lookup { get; }

        /// <summary>Null while the read is under way (and for a result that is not kept, which is removed).</summary>
        public DateTimeOffset? ExpiresAt
        {
            get => Interlocked.Read(ref _expiresAtTicks) is var ticks && ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
            set => Interlocked.Exchange(ref _expiresAtTicks, value?.UtcTicks ?? long.MaxValue);
        }
    }
}
