using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lanyard.Kubectl;

/// <summary>
/// kubelogin's <c>convert-kubeconfig</c> for lanyard: each user that runs kubelogin, or still has the
/// <c>auth-provider: azure</c> kubectl 1.26 removed, gets an exec stanza running <c>lanyard kubectl get-token</c>
/// (kubernetes-authn.md §3). The file is edited as a YAML node tree, not through a kubeconfig type, so clusters,
/// contexts, extensions and keys newer than this code pass through; comments do not survive (YamlDotNet's
/// representation model drops them), which is why an untouched file is not rewritten at all.
/// </summary>
internal static class KubeconfigConverter
{
    /// <summary>kubelogin's default; get-token answers in whatever version kubectl asks for.</summary>
    public const string ExecApiVersion = "client.authentication.k8s.io/v1beta1";

    public static KubeconfigConversion Convert(string text, ConvertKubeconfigRequest request)
    {
        try
        {
            var root = Load(text);
            var users = KubeconfigYaml.Child(root, "users") as YamlSequenceNode;
            if (users is null || users.Children.Count == 0)
            {
                return new KubeconfigConversion.Refused("the kubeconfig has no users");
            }

            var target = request.Context is null ? null : UserOfContext(root, request.Context, users);
            var converted = new List<string>();
            foreach (var entry in users.Children.OfType<YamlMappingNode>())
            {
                var name = KubeconfigYaml.Text(entry, "name") ?? "";
                if (target is not null && name != target)
                {
                    continue;
                }

                var user = KubeconfigYaml.Child(entry, "user") as YamlMappingNode ?? new YamlMappingNode();
                var read = KubeconfigUser.Read(user);
                if (read.Kind == KubeconfigUserKind.Other && target is null)
                {
                    continue;
                }

                IReadOnlyList<string> args;
                try
                {
                    args = GetTokenArgs.For(request, read);
                }
                catch (KubeconfigConversionException e)
                {
                    return new KubeconfigConversion.Refused($"user '{name}': {e.Message}");
                }

                // The legacy provider's config holds the user's access and refresh tokens: they go with it.
                user.Children.Remove(new YamlScalarNode("auth-provider"));
                user.Children[new YamlScalarNode("exec")] = Exec(request.Command, args);
                entry.Children[new YamlScalarNode("user")] = user;
                converted.Add(name);
            }

            if (converted.Count == 0)
            {
                return new KubeconfigConversion.Unchanged();
            }

            var stream = new YamlStream(new YamlDocument(root));
            using var writer = new StringWriter();
            stream.Save(writer, assignAnchors: false);
            return new KubeconfigConversion.Converted(WithoutDocumentEnd(writer.ToString()), converted);
        }
        catch (KubeconfigConversionException e)
        {
            return new KubeconfigConversion.Refused(e.Message);
        }
    }

    private static YamlMappingNode Load(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // The message names the line and column; the file's text is not repeated (a kubeconfig holds secrets).
            throw new KubeconfigConversionException($"not YAML: {e.Message.Split('\n')[0]}");
        }

        return stream.Documents switch
        {
            [] => throw new KubeconfigConversionException("the kubeconfig is empty"),
            [{ RootNode: YamlMappingNode root }] => root,
            [_] => throw new KubeconfigConversionException("not a kubeconfig: its top level is not a mapping"),
            _ => throw new KubeconfigConversionException($"not a kubeconfig: it holds {stream.Documents.Count} YAML documents"),
        };
    }

    /// <summary>kubelogin converts only the user that <c>--context</c>'s context names, and refuses an unknown one.</summary>
    private static string UserOfContext(YamlMappingNode root, string context, YamlSequenceNode users)
    {
        var contexts = (KubeconfigYaml.Child(root, "contexts") as YamlSequenceNode)?.Children ?? [];
        var match = contexts.FirstOrDefault(c => KubeconfigYaml.Text(c, "name") == context)
            ?? throw new KubeconfigConversionException($"no context named '{context}' in the kubeconfig");
        var user = KubeconfigYaml.Child(match, "context") is { } body ? KubeconfigYaml.Text(body, "user") : null;
        if (string.IsNullOrEmpty(user) || !users.Children.Any(u => KubeconfigYaml.Text(u, "name") == user))
        {
            throw new KubeconfigConversionException($"context '{context}' names user '{user}', which the kubeconfig does not define");
        }

        return user;
    }

    /// <summary>The stanza as kubectl itself writes one (its key order), with kubelogin's defaults.</summary>
    private static YamlMappingNode Exec(string command, IReadOnlyList<string> args) => new()
    {
        { "apiVersion", ExecApiVersion },
        { "args", new YamlSequenceNode(args.Select(KubeconfigYaml.String)) },
        { "command", KubeconfigYaml.String(command) },
        { "env", new YamlScalarNode("null") },
        { "installHint", KubeconfigYaml.String("lanyard kubectl get-token signs in to Entra ID for this cluster; put lanyard on PATH or run lanyard kubectl convert-kubeconfig --command <its path>") },
        { "interactiveMode", "IfAvailable" },
        { "provideClusterInfo", new YamlScalarNode("false") },
    };

    /// <summary>Some YamlDotNet versions end a saved document with <c>...</c>, which no kubeconfig kubectl writes has.</summary>
    private static string WithoutDocumentEnd(string yaml) =>
        yaml.EndsWith("\n...\n", StringComparison.Ordinal) ? yaml[..^4] : yaml;
}
