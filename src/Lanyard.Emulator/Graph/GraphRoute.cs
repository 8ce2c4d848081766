namespace Lanyard.Emulator.Graph;

/// <summary>
/// The Graph request the stub understood. <c>UserId</c> is null for <c>/me</c>, else the <c>{id}</c> of
/// <c>/users/{id}</c> (an object id or a user principal name, as Graph accepts).
/// </summary>
internal abstract record GraphRoute
{
    private GraphRoute()
    {
    }

    /// <summary><c>GET /me</c>, <c>GET /users/{id}</c>.</summary>
    public sealed record User(string? UserId) : GraphRoute;

    /// <summary><c>GET …/transitiveMemberOf</c>, with <c>/microsoft.graph.group</c> when <paramref name="GroupsOnly"/>.</summary>
    public sealed record TransitiveMemberOf(string? UserId, bool GroupsOnly) : GraphRoute;

    /// <summary><c>POST …/getMemberObjects</c>, or <c>…/getMemberGroups</c> (groups only) when <paramref name="GroupsOnly"/>.</summary>
    public sealed record MemberObjects(string? UserId, bool GroupsOnly = false) : GraphRoute;

    public sealed record Unsupported(GraphError Error) : GraphRoute;
}
