using Lanyard.Providers.Entra;

namespace Lanyard.Tests.Providers;

public sealed class EntraAuthorityTests
{
    [Theory]
    [InlineData("https://login.microsoftonline.com/organizations/oauth2/v2.0/token", "https://login.microsoftonline.com/f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60/oauth2/v2.0/token")]
    [InlineData("https://login.microsoftonline.us/common/oauth2/v2.0/token", "https://login.microsoftonline.us/f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60/oauth2/v2.0/token")]
    [InlineData("http://127.0.0.1:4181/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/oauth2/v2.0/token", "http://127.0.0.1:4181/f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60/oauth2/v2.0/token")]
    public void TheTokenEndpointOfATenant_KeepsTheHostAndPath_AndNamesTheTenant(string discovered, string expected)
    {
        Assert.Equal(new Uri(expected), EntraAuthority.TokenEndpointFor(new Uri(discovered), "f4b12c9d-6a3e-4f70-8b5c-2d9e1a7f3c60"));
    }

    [Theory]
    [InlineData("https://graph.microsoft.com", "https://graph.microsoft.com/.default")]
    [InlineData("https://graph.microsoft.us/", "https://graph.microsoft.us/.default")]
    [InlineData("https://microsoftgraph.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/.default")]
    [InlineData("http://127.0.0.1:4181/", "00000003-0000-0000-c000-000000000000/.default")]
    public void AppOnlyGraphTokens_NameTheCloudsGraph_OrGraphsAppIdElsewhere(string graph, string scope)
    {
        Assert.Equal(scope, EntraClouds.GraphDefaultScopeFor(new Uri(graph)));
    }
}
