using Lanyard.Cli;
using Lanyard.Kubectl;

namespace Lanyard.Tests.Kubectl;

/// <summary>
/// <c>get-token --environment</c> with kubelogin's cloud names (kubernetes-authn.md §3): each national cloud signs in
/// at its own host (entra-protocol.md §1.1; tokens never cross clouds), and a name that is none of them is refused.
/// </summary>
public sealed class KubeCloudTests
{
    [Theory]
    [InlineData("AzurePublicCloud", "https://login.microsoftonline.com")]
    [InlineData("AzureChinaCloud", "https://login.chinacloudapi.cn")]
    [InlineData("AzureUSGovernmentCloud", "https://login.microsoftonline.us")]
    [InlineData("azurechinacloud", "https://login.chinacloudapi.cn")]
    [InlineData("AZUREUSGOVERNMENTCLOUD", "https://login.microsoftonline.us")]
    public void EachKubeloginEnvironment_SignsInAtItsCloudsHost(string environment, string host)
    {
        Assert.Equal(host, KubeCloud.AuthorityHost(environment));
    }

    [Theory]
    [InlineData("AzureGermanCloud")]
    [InlineData("AzurePublic")]
    [InlineData("Cloud")]
    [InlineData("")]
    [InlineData("https://login.microsoftonline.com")]
    public void OtherNames_HaveNoHost(string environment)
    {
        Assert.Null(KubeCloud.AuthorityHost(environment));
    }

    [Fact]
    public void TheValidNames_AreKubelogins()
    {
        Assert.Equal(["AzurePublicCloud", "AzureUSGovernmentCloud", "AzureChinaCloud"], KubeCloud.Names);
    }

    [Fact]
    public void AnUnknownEnvironment_FailsWithOneLine_NamingTheFlagAndTheValidValues_AndNoCredential()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = LanyardCommandLine.Build()
            .Parse(["kubectl", "get-token", "--environment", "AzureMoonCloud", "--server-id", "s", "--client-id", "c", "--tenant-id", "t"])
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });

        Assert.NotEqual(0, exit);
        Assert.Empty(output.ToString());
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("lanyard kubectl get-token: --environment 'AzureMoonCloud' is not one of AzurePublicCloud, AzureUSGovernmentCloud, AzureChinaCloud", line.TrimEnd('\r'));
    }
}
