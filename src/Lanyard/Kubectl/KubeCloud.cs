namespace Lanyard.Kubectl;

/// <summary>kubelogin's <c>--environment</c> names and their sign-in hosts (entra-protocol.md §1.1).</summary>
internal static class KubeCloud
{
    public const string Public = "AzurePublicCloud";

    private static readonly Dictionary<string, string> Hosts = new(StringComparer.OrdinalIgnoreCase)
    {
        [Public] = "https://login.microsoftonline.com",
        ["AzureUSGovernmentCloud"] = "https://login.microsoftonline.us",
        ["AzureChinaCloud"] = "https://login.chinacloudapi.cn",
    };

    public static IEnumerable<string> Names => Hosts.Keys;

    public static string? AuthorityHost(string environment) => Hosts.GetValueOrDefault(environment);
}
