namespace Lanyard.Kubectl;

/// <summary>What convert-kubeconfig made of a file: the new text, nothing to do, or why it refused.</summary>
internal abstract record KubeconfigConversion
{
    private KubeconfigConversion()
    {
    }

    /// <summary>The kubeconfig with <paramref name="Users"/> rewritten to exec lanyard, everything else kept.</summary>
    public sealed record Converted(string Yaml, IReadOnlyList<string> Users) : KubeconfigConversion;

    /// <summary>No user is kubelogin's or the legacy azure provider's: the file is left byte for byte as it was.</summary>
    public sealed record Unchanged : KubeconfigConversion;

    public sealed record Refused(string Reason) : KubeconfigConversion;
}
