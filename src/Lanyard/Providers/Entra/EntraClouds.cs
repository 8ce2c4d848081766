namespace Lanyard.Providers.Entra;

/// <summary>
/// The national clouds and their hosts (entra-protocol.md §1.1). Nothing else in Lanyard names a Microsoft host:
/// the authority comes from <c>oidc_issuer_url</c>, and Graph from here or from <c>entra_id_graph_url</c>.
/// </summary>
internal static class EntraClouds
{
    // The v1.0 token service (STS) issues "iss": "https://{sts}/{tid}/" (entra-protocol.md §4.3). The US
    // Government value is what public samples show and is unverified against a live tenant.
    private static readonly (string Name, string[] AuthorityHosts, string GraphUrl, string V1Issuer)[] Known =
    [
        ("AzurePublic", ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"], "https://graph.microsoft.com", "https://sts.windows.net"),
        ("AzureUSGovernment", ["login.microsoftonline.us", "login.usgovcloudapi.net"], "https://graph.microsoft.us", "https://sts.windows.net"),
        ("AzureChina", ["login.chinacloudapi.cn", "login.partner.microsoftonline.cn"], "https://microsoftgraph.chinacloudapi.cn", "https://sts.chinacloudapi.cn"),
    ];

    /// <summary>The clouds by name: AzurePublic, AzureUSGovernment, AzureChina.</summary>
    public static IEnumerable<string> Names => Known.Select(cloud => cloud.Name);

    /// <summary>The cloud's sign-in host (the first of its authority hosts) as an https URL, or null for a name not in the table.</summary>
    public static string? AuthorityHostFor(string name)
    {
        foreach (var (known, hosts, _, _) in Known)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return $"https://{hosts[0]}";
            }
        }

        return null;
    }

    /// <summary>
    /// The v1.0 issuer base for this authority: the cloud's STS, or for hosts not in the table (the emulator, a
    /// private stand-in) the authority itself, which is where the emulator puts its v1.0 issuer.
    /// </summary>
    public static string V1IssuerBaseFor(Uri authority)
    {
        foreach (var (_, hosts, _, v1) in Known)
        {
            if (hosts.Contains(authority.Host, StringComparer.OrdinalIgnoreCase))
            {
                return v1;
            }
        }

        return authority.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Microsoft Graph for the cloud whose authority host this is, or null for hosts not in the table.</summary>
    public static Uri? GraphUrlFor(string authorityHost)
    {
        foreach (var (_, hosts, graph, _) in Known)
        {
            if (hosts.Contains(authorityHost, StringComparer.OrdinalIgnoreCase))
            {
                return new Uri(graph);
            }
        }

        return null;
    }

    /// <summary>
    /// The <c>.default</c> scope of an app-only token for Graph at <paramref name="graphUrl"/>: a cloud's own Graph
    /// host names itself (<c>https://graph.microsoft.us/.default</c>: tokens never cross clouds, entra-protocol.md
    /// §1.1); any other (the emulator, a private stand-in) is named by Graph's application id, which every Entra
    /// authority resolves.
    /// </summary>
    public static string GraphDefaultScopeFor(Uri graphUrl)
    {
        foreach (var (_, _, graph, _) in Known)
        {
            if (string.Equals(new Uri(graph).Host, graphUrl.Host, StringComparison.OrdinalIgnoreCase))
            {
                return graph + "/.default";
            }
        }

        return "00000003-0000-0000-c000-000000000000/.default";
    }
}
