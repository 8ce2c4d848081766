using Lanyard.Cli;
using Lanyard.Testing;

namespace Lanyard.Tests.Cli;

/// <summary>README's "The emulator, for your own app" section documents every <c>lanyard emulator</c> flag (issue 13).</summary>
public sealed class EmulatorReadmeTests
{
    [Fact]
    public void EveryEmulatorFlag_IsInTheReadmesEmulatorSection()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf("## The emulator, for your own app", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..end];
        var command = EmulatorCommand.Create();

        var flags = command.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal) && n != "--help");
        var subcommands = command.Subcommands.Select(c => c.Name);

        Assert.All(flags, flag => Assert.Contains($"`{flag}", section, StringComparison.Ordinal));
        Assert.All(subcommands, name => Assert.Contains($"lanyard emulator {name}", section, StringComparison.Ordinal));
        Assert.Contains("--emulator-https-address", section, StringComparison.Ordinal);
    }
}
