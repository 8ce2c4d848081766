namespace Lanyard.Emulator.Protocol;

/// <summary>
/// The scopes of a request, split into the OpenID Connect ones, Microsoft Graph delegated permissions and scopes of
/// other resources (<c>api://…/name</c>, <c>{clientId}/name</c>, <c>{identifierUri}/name</c>), which
/// <see cref="Tokens.ApiResources"/> resolves against the directory. A Graph permission is
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

    private ScopeSet(IReadOnlyList<string> oidc, IReadOnlyList<string> graph, IReadOnlyList<ResourceScope> resources, IReadOnlyList<string> unrecognised)
    {
        Oidc = oidc;
        Graph = graph;
        Resources = resources;
        Unrecognised = unrecognised;
    }

    public IReadOnlyList<string> Oidc { get; }

    public IReadOnlyList<string> Graph { get; }

    /// <summary>Scopes of resources other than Graph, in request order.</summary>
    public IReadOnlyList<ResourceScope> Resources { get; }

    /// <summary>
    /// Values that name neither an OpenID Connect scope, a Graph permission nor <c>{resource}/{name}</c> (a URN, a
    /// resource without a scope name): left out of every token; the token endpoint refuses them (AADSTS70011).
    /// </summary>
    public IReadOnlyList<string> Unrecognised { get; }

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
        var resources = new List<ResourceScope>();
        var unrecognised = new List<string>();
        foreach (var value in (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var known = OidcScopes.FirstOrDefault(s => s.Equals(value, StringComparison.OrdinalIgnoreCase));
            if (known is not null)
            {
                AddOnce(oidc, known);
                continue;
            }

            var isGraph = value.StartsWith(GraphPrefix, StringComparison.OrdinalIgnoreCase);
            var slash = value.LastIndexOf('/');
            if (!isGraph && slash > 0 && slash < value.Length - 1)
            {
                if (!resources.Any(r => string.Equals(r.Value, value, StringComparison.OrdinalIgnoreCase)))
                {
                    resources.Add(new ResourceScope(value[..slash], value[(slash + 1)..]));
                }

                continue;
            }

            var name = isGraph ? value[GraphPrefix.Length..] : value;
            // Graph's .default grants nothing by itself (see the summary); anything else here is not a scope at all.
            if (name == ".default")
            {
                continue;
            }

            if (name.Contains(':', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal))
            {
                AddOnce(unrecognised, value);
                continue;
            }

            AddOnce(graph, KnownGraphPermissions.FirstOrDefault(p => p.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name);
        }

        return new ScopeSet(oidc, graph, resources, unrecognised);
    }

    /// <summary>The <c>scope</c> of a response whose access token is for Graph.</summary>
    public override string ToString() => string.Join(' ', Oidc.Concat(Graph));

    /// <summary>The <c>scope</c> of a response whose access token is for an API: its scopes replace Graph's, since one
    /// access token serves one resource.</summary>
    public string ToString(IEnumerable<ResourceScope> apiScopes) => string.Join(' ', Oidc.Concat(apiScopes.Select(s => s.Value)));

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(value);
        }
    }
}

/// <summary>A scope of a resource named by URI or client id: <c>{Resource}/{Name}</c>, split at the last slash.</summary>
internal sealed record ResourceScope(string Resource, string Name)
{
    public string Value => $"{Resource}/{Name}";
}
