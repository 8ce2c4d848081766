using Lanyard.Identity;

namespace Lanyard.Headers;

/// <summary>
/// What an identity token says, as a cache key: two sessions get the same token only when every claim it carries
/// is the same, compared in full (never by a hash that could collide and hand one user another's token), and when
/// they end at the same time (a token never outlives its session).
/// </summary>
internal sealed class IdentityTokenCacheKey : IEquatable<IdentityTokenCacheKey>
{
    private readonly UserIdentity _identity;
    private readonly DateTimeOffset _sessionExpiresAt;
    private readonly int _hash;

    public IdentityTokenCacheKey(UserIdentity identity, DateTimeOffset sessionExpiresAt)
    {
        _identity = identity;
        _sessionExpiresAt = sessionExpiresAt;
        _hash = HashCode.Combine(identity.User, identity.Email, identity.PreferredUsername, identity.Groups.Count, identity.Roles.Count, sessionExpiresAt);
    }

    /// <summary>
    /// Characters this key keeps alive, for the cache's size limit: computed when an entry is added, not for every
    /// request's lookup key.
    /// </summary>
    public int ApproximateSize() => _identity.User.Length + (_identity.Email?.Length ?? 0) + (_identity.PreferredUsername?.Length ?? 0)
        + _identity.Groups.Sum(g => g.Length + 8) + _identity.Roles.Sum(r => r.Length + 8) + 64;

    public bool Equals(IdentityTokenCacheKey? other) =>
        other is not null
        && _sessionExpiresAt == other._sessionExpiresAt
        && string.Equals(_identity.User, other._identity.User, StringComparison.Ordinal)
        && string.Equals(_identity.Email, other._identity.Email, StringComparison.Ordinal)
        && string.Equals(_identity.PreferredUsername, other._identity.PreferredUsername, StringComparison.Ordinal)
        && _identity.Groups.SequenceEqual(other._identity.Groups, StringComparer.Ordinal)
        && _identity.Roles.SequenceEqual(other._identity.Roles, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as IdentityTokenCacheKey);

    public override int GetHashCode() => _hash;
}
