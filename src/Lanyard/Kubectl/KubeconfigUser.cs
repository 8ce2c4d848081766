using YamlDotNet.RepresentationModel;

namespace Lanyard.Kubectl;

/// <summary>What kind of credential a kubeconfig <c>users[]</c> entry holds, as convert-kubeconfig sees it.</summary>
internal enum KubeconfigUserKind
{
    /// <summary>Neither of the below: converted only when <c>--context</c> names it.</summary>
    Other,

    /// <summary>An exec plugin whose command contains <c>kubelogin</c> (kubelogin's own test).</summary>
    Kubelogin,

    /// <summary>Already <c>lanyard kubectl get-token</c>: converting again changes the login mode or the ids.</summary>
    Lanyard,

    /// <summary>The <c>auth-provider: azure</c> that kubectl dropped in 1.26 (AKS legacy Entra integration).</summary>
    LegacyAzure,
}

/// <summary>
/// One <c>users[].user</c> mapping and the ids it already names. kubelogin reads <c>--flag value</c> pairs from the
/// exec args; <c>--flag=value</c> and get-token's short names are read too, as kubectl passes either to the plugin.
/// </summary>
internal sealed class KubeconfigUser
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private KubeconfigUser(KubeconfigUserKind kind) => Kind = kind;

    public KubeconfigUserKind Kind { get; }

    public string? ServerId => _values.GetValueOrDefault("--server-id");

    public string? ClientId => _values.GetValueOrDefault("--client-id");

    public string? TenantId => _values.GetValueOrDefault("--tenant-id");

    public string? Environment => _values.GetValueOrDefault("--environment");

    public string? CacheDirectory => _values.GetValueOrDefault("--token-cache-dir");

    public string? AuthorityHost => _values.GetValueOrDefault("--authority-host");

    public string? LoginHint => _values.GetValueOrDefault("--login-hint");

    /// <summary>Each spelling get-token (or kubelogin) accepts, to the name the converter writes.</summary>
    private static readonly Dictionary<string, string> Spellings = new(StringComparer.Ordinal)
    {
        ["--server-id"] = "--server-id",
        ["--client-id"] = "--client-id",
        ["--tenant-id"] = "--tenant-id",
        ["-t"] = "--tenant-id",
        ["--environment"] = "--environment",
        ["-e"] = "--environment",
        ["--token-cache-dir"] = "--token-cache-dir",
        ["--cache-dir"] = "--token-cache-dir",
        ["--authority-host"] = "--authority-host",
        ["--authority"] = "--authority-host",
        ["--login-hint"] = "--login-hint",
    };

    /// <summary>The legacy auth-provider's config keys (client-go's azure plugin) to get-token's flags.</summary>
    private static readonly Dictionary<string, string> LegacyKeys = new(StringComparer.Ordinal)
    {
        ["apiserver-id"] = "--server-id",
        ["client-id"] = "--client-id",
        ["tenant-id"] = "--tenant-id",
        ["environment"] = "--environment",
    };

    public static KubeconfigUser Read(YamlMappingNode user)
    {
        if (KubeconfigYaml.Child(user, "exec") is YamlMappingNode exec)
        {
            var command = KubeconfigYaml.Text(exec, "command") ?? "";
            var args = KubeconfigYaml.Child(exec, "args") is YamlSequenceNode sequence
                ? sequence.Children.Select(a => (a as YamlScalarNode)?.Value ?? "").ToList()
                : [];
            var kind = command.Contains("kubelogin", StringComparison.OrdinalIgnoreCase) ? KubeconfigUserKind.Kubelogin
                : IsLanyard(args) ? KubeconfigUserKind.Lanyard
                : KubeconfigUserKind.Other;
            var read = new KubeconfigUser(kind);
            if (kind != KubeconfigUserKind.Other)
            {
                read.ReadArgs(args);
            }

            return read;
        }

        if (KubeconfigYaml.Child(user, "auth-provider") is YamlMappingNode provider
            && KubeconfigYaml.Text(provider, "name") == "azure")
        {
            var read = new KubeconfigUser(KubeconfigUserKind.LegacyAzure);
            if (KubeconfigYaml.Child(provider, "config") is YamlMappingNode config)
            {
                foreach (var (key, flag) in LegacyKeys)
                {
                    if (KubeconfigYaml.Text(config, key) is { Length: > 0 } value)
                    {
                        read._values[flag] = value;
                    }
                }
            }

            return read;
        }

        return new KubeconfigUser(KubeconfigUserKind.Other);
    }

    /// <summary><c>lanyard kubectl get-token …</c>, whether the command is lanyard or <c>dotnet lanyard.dll</c>.</summary>
    private static bool IsLanyard(List<string> args) =>
        args.Zip(args.Skip(1)).Any(pair => pair is ("kubectl", "get-token"));

    private void ReadArgs(List<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith('-') ? (n, v) : (args[i], null);
            // kubelogin's --cache-dir holds its own files, not lanyard's tokens: remove-tokens would clear it.
            if (!Spellings.TryGetValue(name, out var flag) || (flag == "--token-cache-dir" && Kind != KubeconfigUserKind.Lanyard))
            {
                continue;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (!string.IsNullOrEmpty(value))
            {
                _values[flag] = value;
            }
        }
    }
}
