namespace Lanyard.Providers.Entra;

/// <summary>What came of resolving group overage through Microsoft Graph.</summary>
internal abstract record GroupResolution
{
    private GroupResolution()
    {
    }

    public sealed record Resolved(IReadOnlyList<string> Groups) : GroupResolution;

    /// <summary>
    /// The groups could not be read; <paramref name="Reason"/> says why, for logs and deny pages.
    /// <paramref name="RetryAfter"/>: Graph was still throttling, and said when to come back.
    /// </summary>
    public sealed record Unresolved(string Reason, TimeSpan? RetryAfter = null) : GroupResolution;
}
