namespace Lanyard.Emulator.Graph;

/// <summary>Who called Graph, from a verified access token: a user (delegated, with <c>scp</c>) or an app (<c>roles</c>).</summary>
/// <param name="ObjectId">The token's <c>oid</c>: the signed-in user, or the calling service principal.</param>
/// <param name="ClientId">The token's <c>appid</c> (or <c>azp</c>): the application that got it.</param>
internal sealed record GraphCaller(string TenantId, string? ObjectId, bool IsAppOnly, IReadOnlyList<string> Scopes, IReadOnlyList<string> Roles, string? ClientId = null)
{
    // Least privileged first (entra-protocol.md §5.3). The stub grants every read it serves with any of these; Graph
    // itself is finer-grained (GroupMember.Read.All alone does not read a user's profile, for instance).
    private static readonly string[] ReadOwnDirectoryData = ["User.Read", "User.Read.All", "Directory.Read.All", "GroupMember.Read.All"];
    private static readonly string[] ReadAnyUser = ["User.Read.All", "GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"];

    /// <summary>Whether the caller may read <paramref name="user"/>'s profile and memberships; null stands for a user
    /// other than the caller, so a missing user is reported as 404 only to callers who could read one.</summary>
    public bool MayRead(EmulatorUser? user)
    {
        if (IsAppOnly)
        {
            return Roles.Any(r => ReadAnyUser.Contains(r, StringComparer.Ordinal));
        }

        var self = user is not null && string.Equals(user.ObjectId, ObjectId, StringComparison.OrdinalIgnoreCase);
        return Scopes.Any(s => (self ? ReadOwnDirectoryData : ReadAnyUser).Contains(s, StringComparer.Ordinal));
    }
}
