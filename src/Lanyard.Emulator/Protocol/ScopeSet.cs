namespace Lanyard.Emulator.Protocol;

/// <summary>
/// The scopes of a request, split into the OpenID Connect ones and Microsoft Graph delegated permissions. This slice
/// issues Graph access tokens only, so other resources' scopes (<c>api://…</c>) are dropped. A Graph permission is
/// granted only when asked for by name (<c>User.Read</c> or <c>https://graph.microsoft.com/User.Read</c>): the
/// emulator keeps no consent records, so neither an empty request nor <c>.default</c> adds one, and a client that
/// needs Graph must say so, or Graph answers 403.
/// </summary>
internal sealed class ScopeSet
{
    private const string GraphPrefix = "https://graph.microsoft.com/";
    private static readonly string[] OidcScopes = ["openid", "profile", "email", "offline_access"];

    // Graph permission names are case-insensitive at /authorize but always canonical in scp.
    private static readonly string[] KnownGraphPermissions =
    [
        "User.Read", "User.ReadBasic.All", "User.Read.All", "GroupMember.Read.All", "Group.Read.All", "Directory.Read.All",
    ];

    private ScopeSet(IReadOnlyList<string> oidc, IReadOnlyList<string> graph)
    {
        Oidc = oidc;
        Graph = graph;
    }

    public IReadOnlyList<string> Oidc { get; }

    public IReadOnlyList<string> Graph { get; }

    public bool HasOpenId => Oidc.Contains("openid");

    public bool HasProfile => Oidc.Contains("profile");

    public bool HasEmail => Oidc.Contains("email");

    public bool HasOfflineAccess => Oidc.Contains("offline_access");

    /// <summary>The Graph access token's <c>scp</c>: the OIDC scopes Graph knows, then the Graph permissions.</summary>
    public string GraphScp => string.Join(' ', Oidc.Where(s => s != "offline_access").Concat(Graph));

    public static ScopeSet Parse(string? scope)
    {
        var oidc = new List<string>();
        var graph = new List<string>();
        foreach (var value in (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var known = OidcScopes.FirstOrDefault(s => s.Equals(value, StringComparison.OrdinalIgnoreCase));
            if (known is not null)
            {
                AddOnce(oidc, known);
                continue;
            }

            var name = value.StartsWith(GraphPrefix, StringComparison.OrdinalIgnoreCase) ? value[GraphPrefix.Length..] : value;
            if (name.Contains(':', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal) || name == ".default")
            {
                continue;
            }

            AddOnce(graph, KnownGraphPermissions.FirstOrDefault(p => p.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name);
        }

        return new ScopeSet(oidc, graph);
    }

    /// <summary>The <c>scope</c> of a token response.</summary>
    public override string ToString() => string.Join(' ', Oidc.Concat(Graph));

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(value);
        }
    }
}
