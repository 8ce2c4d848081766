using System.CommandLine;

namespace Lanyard.Cli;

/// <summary>
/// <c>lanyard serve|dev|emulator|config|kube|kubectl</c>. With no command, Lanyard behaves as <c>serve</c>, so an oauth2-proxy command
/// line (<c>oauth2-proxy --config=…</c>) works with only the program name changed.
/// </summary>
internal static class LanyardCommandLine
{
    public static Task<int> RunAsync(string[] args) => Build().Parse(args).InvokeAsync();

    public static RootCommand Build()
    {
        var root = new RootCommand("Lanyard: an identity gateway for Microsoft Entra ID and any OpenID Connect provider.");
        ServeCommand.Configure(root);
        root.Add(ServeCommand.Create());
        root.Add(DevCommand.Create());
        root.Add(EmulatorCommand.Create());
        root.Add(ConfigCommand.Create());
        root.Add(KubeCommand.Create());
        root.Add(KubectlCommand.Create());
        return root;
    }
}
