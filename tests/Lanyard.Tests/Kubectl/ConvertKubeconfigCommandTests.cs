using Lanyard.Cli;
using Lanyard.Kubectl;
using Lanyard.Testing;
using static Lanyard.Tests.Kubectl.KubeconfigSamples;

namespace Lanyard.Tests.Kubectl;

/// <summary>
/// <c>lanyard kubectl convert-kubeconfig</c> on files: which file it reads, that it replaces it in place keeping its
/// mode (or writes <c>--output</c>), and that every refusal is one line on stderr with the file left byte for byte.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConvertKubeconfigCommandTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void InPlace_ReplacesTheFile_KeepingItsMode_WithNoTemporaryFileLeft()
    {
        var path = _directory.Write("config", Legacy);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var (exit, output, error) = Run("--kubeconfig", path, "--command", "lanyard");

        Assert.True(exit == 0, error);
        Assert.Empty(output);
        Assert.Contains("Converted 1 user(s) to lanyard kubectl get-token --login devicecode: clusterUser_myResourceGroup_myakscluster", error, StringComparison.Ordinal);
        Assert.Contains("- get-token", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.DoesNotContain("auth-provider", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void ALinkedKubeconfig_HasItsTargetReplaced_AndStaysALink()
    {
        var target = _directory.Write("real/config", Kubelogin);
        var link = Path.Combine(_directory.Path, "config");
        File.CreateSymbolicLink(link, target);

        var (exit, _, error) = Run("--kubeconfig", link);

        Assert.True(exit == 0, error);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains("get-token", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.DoesNotContain("kubelogin", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public void OutputDash_PrintsTheResult_AndLeavesTheFile()
    {
        var path = _directory.Write("config", Legacy);

        var (exit, output, error) = Run("--kubeconfig", path, "--output", "-", "--login", "interactive");

        Assert.True(exit == 0, error);
        Assert.Contains("- interactive", output, StringComparison.Ordinal);
        Assert.Equal(Legacy, File.ReadAllText(path));
    }

    [Fact]
    public void OutputFile_IsWritten_UserOnly_AndTheKubeconfigIsLeft()
    {
        var path = _directory.Write("config", Legacy);
        var target = Path.Combine(_directory.Path, "converted");

        var (exit, _, error) = Run("--kubeconfig", path, "-o", target);

        Assert.True(exit == 0, error);
        Assert.Contains("- get-token", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(Legacy, File.ReadAllText(path));
    }

    [Fact]
    public void NothingToConvert_LeavesTheFileByteForByte_ItsCommentsIncluded()
    {
        var text = "# mine\napiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: abcdefabcdefabcdef  # static\n";
        var path = _directory.Write("config", text);

        var (exit, _, error) = Run("--kubeconfig", path);

        Assert.True(exit == 0, error);
        Assert.Contains("nothing converted", error, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(path));
    }

    public static TheoryData<string, string[], string> Refusals => new()
    {
        { Legacy, ["--context", "staging"], "no context named 'staging' in the kubeconfig" },
        { "users: [\n- name: a\n", [], "not YAML: " },
        { "apiVersion: v1\nkind: Config\nusers: []\n", [], "the kubeconfig has no users" },
        { Legacy, ["--login", "azurecli"], "--login azurecli is not supported by lanyard" },
        { Legacy, ["--login", "devicode"], "--login 'devicode' is not one of devicecode, interactive, spn, workloadidentity, msi" },
        { Legacy, ["--authority-host", "login.example.com"], "--authority-host 'login.example.com' is not an http(s) URL" },
        { Legacy, ["--login", "spn", "--client-secret", "s3cr3t-value"], "--client-secret and --client-certificate-password are not written to a kubeconfig" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void BadInput_FailsInOneLine_AndLeavesTheFileUntouched(string text, string[] flags, string reason)
    {
        var path = _directory.Write("config", text);
        var before = File.GetLastWriteTimeUtc(path);

        var (exit, output, error) = Run(["--kubeconfig", path, .. flags]);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"lanyard kubectl convert-kubeconfig: {reason}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", error, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(path));
        Assert.Equal(before, File.GetLastWriteTimeUtc(path));
        Assert.Equal([path], Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void AMissingFile_IsNamed_AndNotCreated()
    {
        var path = Path.Combine(_directory.Path, "absent");

        var (exit, _, error) = Run("--kubeconfig", path);

        Assert.Equal(1, exit);
        Assert.Equal($"lanyard kubectl convert-kubeconfig: no kubeconfig at {path}", error.TrimEnd());
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("/flag/config", "/a/config:/b/config", "/flag/config")]
    [InlineData(null, "/a/config:/b/config", "/a/config")]
    [InlineData(null, ":/b/config", "/b/config")]
    [InlineData(null, null, "/home/alice/.kube/config")]
    [InlineData(null, "", "/home/alice/.kube/config")]
    public void TheFile_IsTheFlags_ElseKubeconfigsFirst_ElseTheHomeOne(string? flag, string? variable, string expected) =>
        Assert.Equal(expected, KubeconfigFile.Locate(flag, variable, "/home/alice"));

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = LanyardCommandLine.Build().Parse(["kubectl", "convert-kubeconfig", .. args])
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
