namespace Lanyard.Providers.Entra;

/// <summary>
/// The national clouds and their hosts (entra-protocol.md §1.1). Nothing else in Lanyard names a Microsoft host:
/// the authority comes from <c>oidc_issuer_url</c>, and Graph from here or from <c>entra_id_graph_url</c>.
/// </summary>
internal static class EntraClouds
{
    private static readonly (string Name, string[] AuthorityHosts, string GraphUrl)[] Known =
    [
        ("AzurePublic", ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"], "https://graph.microsoft.com"),
        ("AzureUSGovernment", ["login.microsoftonline.us", "login.usgovcloudapi.net"], "https://graph.microsoft.us"),
        ("AzureChina", ["login.chinacloudapi.cn", "login.partner.microsoftonline.cn"], "https://microsoftgraph.chinacloudapi.cn"),
    ];

    /// <summary>Microsoft Graph for the cloud whose authority host this is, or null for hosts not in the table.</summary>
    public static Uri? GraphUrlFor(string authorityHost)
    {
        foreach (var (_, hosts, graph) in Known)
        {
            if (hosts.Contains(authorityHost, StringComparer.OrdinalIgnoreCase))
            {
                return new Uri(graph);
            }
        }

        return null;
    }
}
