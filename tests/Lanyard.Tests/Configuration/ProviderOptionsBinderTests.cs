using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Configuration.Validation;

namespace Lanyard.Tests.Configuration;

public sealed class ProviderOptionsBinderTests : IDisposable
{
    private const string Base = """
        provider = "entra-id"
        oidc_issuer_url = "https://login.microsoftonline.com/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0"
        client_id = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"
        cookie_secret = "0123456789abcdef0123456789abcdef"
        email_domains = ["*"]
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lanyard-binder-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static LanyardOptions Bind(string toml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var errors = new List<ConfigurationError>();
        var layers = new SettingsLayers().Add(SettingsLayers.Defaults()).Add(TomlConfigFile.Parse(toml, "lanyard.toml", errors));
        return LanyardOptionsBinder.Bind(layers, errors, name => environment?.GetValueOrDefault(name));
    }

    private static ConfigurationError SingleError(string toml, IReadOnlyDictionary<string, string>? environment = null) =>
        Assert.Single(Assert.Throws<ConfigurationException>(() => Bind(toml, environment)).Errors);

    private string TokenFile()
    {
        var path = Path.Combine(_directory.FullName, "token");
        File.WriteAllText(path, "eyJ.token.file");
        return path;
    }

    [Fact]
    public void ClientSecret_IsTheDefaultCredential()
    {
        var options = Bind(Base + "\nclient_secret = \"s\"");
        Assert.IsType<ClientCredentialOptions.ClientSecret>(options.Provider.Credential);
    }

    [Fact]
    public void NoSecretAndNoSecretlessMode_IsAnErrorThatListsTheAlternatives()
    {
        var error = SingleError(Base);
        Assert.Equal("client_secret", error.Option);
        Assert.Contains("entra_id_federated_token_auth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FederatedTokenAuth_ReadsTheWorkloadIdentityFile_AndNeedsNoSecret()
    {
        var path = TokenFile();
        var options = Bind(Base + "\nentra_id_federated_token_auth = true", new Dictionary<string, string> { ["AZURE_FEDERATED_TOKEN_FILE"] = path });
        Assert.Equal(path, Assert.IsType<ClientCredentialOptions.FederatedTokenFile>(options.Provider.Credential).Path);
    }

    [Fact]
    public void FederatedTokenAuth_WithoutTheVariable_SaysWhichVariable()
    {
        var error = SingleError(Base + "\nentra_id_federated_token_auth = true");
        Assert.Equal("entra_id_federated_token_auth", error.Option);
        Assert.Contains("AZURE_FEDERATED_TOKEN_FILE", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureManagedIdentity", null)]
    [InlineData("AzureManagedIdentity=3c0e9a58-7b1f-4d2e-9a6c-5b4d3e2f1a09", "3c0e9a58-7b1f-4d2e-9a6c-5b4d3e2f1a09")]
    public void ManagedIdentityModes_AreRead(string mode, string? clientId)
    {
        var options = Bind(Base + $"\nentra_id_client_assertion = \"{mode}\"\nentra_id_managed_identity_endpoint = \"http://127.0.0.1:4181\"");
        var identity = Assert.IsType<ClientCredentialOptions.ManagedIdentity>(options.Provider.Credential);
        Assert.Equal(clientId, identity.ClientId);
        Assert.Equal(new Uri("http://127.0.0.1:4181"), identity.Endpoint);
    }

    [Fact]
    public void KubernetesServiceAccountToken_WithAPath_IsRead()
    {
        var path = TokenFile();
        var options = Bind(Base + $"\nentra_id_client_assertion = \"KubernetesServiceAccountToken={path}\"");
        Assert.Equal(path, Assert.IsType<ClientCredentialOptions.FederatedTokenFile>(options.Provider.Credential).Path);
    }

    [Theory]
    [InlineData("KubernetesServiceAccountToken=/nonexistent/token", "does not exist")]
    [InlineData("AzureManagedIdentity=not-a-guid", "not a managed identity client id")]
    [InlineData("Tsiam=https://tsiam", "is not a client assertion mode")]
    public void BadClientAssertion_IsAnErrorNamingTheOption(string mode, string message)
    {
        var error = SingleError(Base + $"\nentra_id_client_assertion = \"{mode}\"");
        Assert.Equal("entra_id_client_assertion", error.Option);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoSecretlessModes_AreRefused()
    {
        var error = SingleError(Base + "\nentra_id_client_assertion = \"AzureManagedIdentity\"\nentra_id_client_certificate_file = \"/x.pem\"");
        Assert.Contains("choose one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateFileWithoutAKey_IsRefused()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=lanyard-test", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        var certOnly = Path.Combine(_directory.FullName, "cert.pem");
        File.WriteAllText(certOnly, certificate.ExportCertificatePem());
        var both = Path.Combine(_directory.FullName, "both.pem");
        File.WriteAllText(both, certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem());

        Assert.Equal("entra_id_client_certificate_file", SingleError(Base + $"\nentra_id_client_certificate_file = \"{certOnly}\"").Option);
        Assert.IsType<ClientCredentialOptions.Certificate>(Bind(Base + $"\nentra_id_client_certificate_file = \"{both}\"").Provider.Credential);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/t/v2.0", "https://graph.microsoft.com/")]
    [InlineData("https://login.microsoftonline.us/t/v2.0", "https://graph.microsoft.us/")]
    [InlineData("https://login.chinacloudapi.cn/t/v2.0", "https://microsoftgraph.chinacloudapi.cn/")]
    [InlineData("https://login.partner.microsoftonline.cn/t/v2.0", "https://microsoftgraph.chinacloudapi.cn/")]
    [InlineData("https://idp.example.com/t/v2.0", null)]
    public void GraphUrl_DefaultsToTheCloudOfTheAuthority(string issuer, string? graph)
    {
        var options = Bind(Base.Replace("https://login.microsoftonline.com/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0", issuer, StringComparison.Ordinal) + "\nclient_secret = \"s\"");
        Assert.Equal(graph, options.Provider.EntraId.GraphUrl?.AbsoluteUri);
    }

    [Fact]
    public void AllowedTenants_MustBeTenantIds()
    {
        var error = SingleError(Base + "\nclient_secret = \"s\"\nentra_id_allowed_tenants = [\"contoso.onmicrosoft.com\"]");
        Assert.Equal("entra_id_allowed_tenants", error.Option);
    }

    [Fact]
    public void AllowedTenants_AcceptsAStringOrAList()
    {
        Assert.Single(Bind(Base + "\nclient_secret = \"s\"\nentra_id_allowed_tenants = \"9188040d-6c67-4c5b-b112-36a304b66dad\"").Provider.EntraId.AllowedTenants);
        Assert.Equal(2, Bind(Base + "\nclient_secret = \"s\"\nentra_id_allowed_tenants = [\"9188040d-6c67-4c5b-b112-36a304b66dad\", \"7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31\"]").Provider.EntraId.AllowedTenants.Count);
    }

    [Fact]
    public void CookieRefreshWithoutOfflineAccess_IsRefusedForEntraId()
    {
        var error = SingleError(Base + "\nclient_secret = \"s\"\ncookie_refresh = \"1h\"");
        Assert.Equal("cookie_refresh", error.Option);
        Assert.Contains("offline_access", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CookieRefreshLongerThanExpire_IsRefused()
    {
        var error = SingleError(Base + "\nclient_secret = \"s\"\nscope = \"openid offline_access\"\ncookie_refresh = \"2h\"\ncookie_expire = \"1h\"");
        Assert.Equal("cookie_refresh", error.Option);
    }

    [Fact]
    public void EntraOptionsOnAGenericProvider_AreRefused()
    {
        var error = SingleError(Base.Replace("\"entra-id\"", "\"oidc\"", StringComparison.Ordinal) + "\nclient_secret = \"s\"\nentra_id_allowed_tenants = [\"9188040d-6c67-4c5b-b112-36a304b66dad\"]");
        Assert.Equal("entra_id_allowed_tenants", error.Option);
    }

    [Fact]
    public void GenericOidcWithAllowedGroups_AsksForTheGroupsScope_AsOauth2ProxyDoes()
    {
        var options = Bind(Base.Replace("\"entra-id\"", "\"oidc\"", StringComparison.Ordinal) + "\nclient_secret = \"s\"\nallowed_groups = [\"admins\"]");
        Assert.Contains("groups", options.Provider.Scopes);
    }

    [Fact]
    public void Prompt_IsCheckedAndKept()
    {
        Assert.Equal("consent", Bind(Base + "\nclient_secret = \"s\"\nprompt = \"consent\"").Provider.Prompt);
        Assert.Equal("prompt", SingleError(Base + "\nclient_secret = \"s\"\nprompt = \"always\"").Option);
    }
}
