namespace Lanyard.Configuration.Validation;

/// <summary>The TokenReview webhook's identity rules (<c>kube_*</c>), read whether or not the webhook is on, so a typo fails either way.</summary>
internal static class KubernetesBinder
{
    private static readonly TimeSpan MaxGroupCacheTtl = TimeSpan.FromMinutes(10);

    public static KubernetesOptions Bind(SettingReader read, string? clientId)
    {
        var audiences = read.List("kube_audiences");
        if (audiences.Count == 0 && clientId is { Length: > 0 })
        {
            // The forms Entra puts in aud for one app: v2.0 tokens the app id, v1.0 tokens the App ID URI or the id.
            audiences = [clientId, $"api://{clientId}", $"spn:{clientId}"];
        }

        var claim = read.String("kube_username_claim")?.Trim() is { Length: > 0 } c ? c : "upn";
        if (!KubernetesOptions.UsernameClaims.Contains(claim, StringComparer.Ordinal))
        {
            read.Fail("kube_username_claim", $"'{claim}' is not one of {string.Join(", ", KubernetesOptions.UsernameClaims)}");
        }

        var usernamePrefix = read.String("kube_username_prefix") ?? "";
        var groupsPrefix = read.String("kube_groups_prefix") ?? "";
        foreach (var (key, prefix) in new[] { ("kube_username_prefix", usernamePrefix), ("kube_groups_prefix", groupsPrefix) })
        {
            if (prefix.StartsWith("system:", StringComparison.Ordinal))
            {
                read.Fail(key, "must not start with 'system:', which Kubernetes keeps for its own users and groups");
            }
        }

        var ttl = read.Duration("kube_group_cache_ttl", TimeSpan.FromMinutes(1));
        if (ttl > MaxGroupCacheTtl)
        {
            read.Fail("kube_group_cache_ttl", $"is longer than {MaxGroupCacheTtl.TotalMinutes:0}m: group changes must reach the cluster soon; keep it no longer than the API server's --authentication-token-webhook-cache-ttl (2m by default)");
        }

        return new KubernetesOptions(audiences, read.List("kube_api_audiences"), claim, usernamePrefix, groupsPrefix, ttl);
    }
}
