using Lanyard.Providers.Entra;

namespace Lanyard.Kubectl;

/// <summary>
/// kubelogin's <c>--environment</c> names (go-autorest's: the cloud's name and "Cloud", any case) over
/// <see cref="EntraClouds"/>, which keeps the one table of Microsoft's hosts (entra-protocol.md §1.1).
/// </summary>
internal static class KubeCloud
{
    public const string Public = "AzurePublicCloud";
    private const string Suffix = "Cloud";

    public static IEnumerable<string> Names => EntraClouds.Names.Select(name => name + Suffix);

    public static string? AuthorityHost(string environment) =>
        environment.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ? EntraClouds.AuthorityHostFor(environment[..^Suffix.Length]) : null;
}
