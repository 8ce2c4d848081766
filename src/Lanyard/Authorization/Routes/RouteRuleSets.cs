namespace Lanyard.Authorization.Routes;

/// <summary>
/// The per-route rules, compiled: the default set (for a request that selects none) and the named sets a caller may
/// select instead (a set replaces the default, it does not add to it). Each list is in the order rules are tried.
/// </summary>
internal sealed record RouteRuleSets(IReadOnlyList<RouteRule> Default, IReadOnlyDictionary<string, IReadOnlyList<RouteRule>> Named)
{
    public static RouteRuleSets None { get; } = new([], new Dictionary<string, IReadOnlyList<RouteRule>>());

    public IEnumerable<RouteRule> All => Default.Concat(Named.Values.SelectMany(rules => rules));

    /// <summary>The rules of the set <paramref name="name"/> selects (null: the default), or null when no such set is configured.</summary>
    public IReadOnlyList<RouteRule>? Select(string? name) =>
        name is null ? Default : Named.GetValueOrDefault(name);
}
