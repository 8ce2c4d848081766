using Lanyard.Configuration;

namespace Lanyard.Tests.Configuration;

/// <summary>provider = "azure", oauth2-proxy's older name for Entra ID, and its azure_tenant.</summary>
public sealed class AzureProviderTests
{
    private const string Base = """
        provider = "azure"
        client_id = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"
        client_secret = "s"
        cookie_secret = "0123456789abcdef0123456789abcdef"
        email_domains = ["*"]
        """;

    private static LanyardOptions Bind(string toml) => TomlBinding.Bind(Base + "\n" + toml);

    [Theory]
    [InlineData("", "https://login.microsoftonline.com/common/v2.0")]
    [InlineData("azure_tenant = \"7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31\"", "https://login.microsoftonline.com/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0")]
    [InlineData("azure_tenant = \"contoso.onmicrosoft.com\"", "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0")]
    [InlineData("oidc_issuer_url = \"https://login.microsoftonline.us/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0\"", "https://login.microsoftonline.us/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0")]
    public void Azure_IsEntraId_WithTheIssuerOfItsTenant(string line, string issuer)
    {
        var provider = Bind(line).Provider;
        Assert.Equal(ProviderType.EntraId, provider.Type);
        Assert.Equal(new Uri(issuer), provider.IssuerUrl);
    }

    [Theory]
    [InlineData("azure_tenant = \"contoso/evil\"", "is not a tenant id")]
    [InlineData("azure_tenant = \"contoso.test\"\noidc_issuer_url = \"https://login.microsoftonline.com/common/v2.0\"", "applies only with provider = \"azure\" and no oidc_issuer_url")]
    public void AzureTenant_BadOrBesideAnIssuer_IsRefused(string lines, string fragment)
    {
        var error = TomlBinding.SingleError(() => Bind(lines));
        Assert.Equal("azure_tenant", error.Option);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AzureTenant_WithEntraId_IsRefused()
    {
        var error = TomlBinding.SingleError(() => TomlBinding.Bind(Base.Replace("\"azure\"", "\"entra-id\"", StringComparison.Ordinal)
            + "\noidc_issuer_url = \"https://login.microsoftonline.com/common/v2.0\"\nazure_tenant = \"contoso.test\""));
        Assert.Equal("azure_tenant", error.Option);
    }
}
