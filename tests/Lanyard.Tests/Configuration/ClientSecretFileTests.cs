using Lanyard.Configuration;

namespace Lanyard.Tests.Configuration;

/// <summary>client_secret_file: the client secret from a file (a mounted Kubernetes secret), as in oauth2-proxy.</summary>
public sealed class ClientSecretFileTests : IDisposable
{
    private const string Base = """
        provider = "oidc"
        oidc_issuer_url = "https://idp.example.com"
        client_id = "c"
        cookie_secret = "0123456789abcdef0123456789abcdef"
        email_domains = ["*"]
        """;

    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    private static LanyardOptions Bind(string toml, params Setting[] flags) => TomlBinding.Bind(Base + "\n" + toml, flags);

    private static ConfigurationError SingleError(Func<LanyardOptions> bind) => TomlBinding.SingleError(bind);

    private static string SecretOf(LanyardOptions options) =>
        Assert.IsType<ClientCredentialOptions.ClientSecret>(options.Provider.Credential).Value.Reveal();

    [Fact]
    public void TheFilesText_IsTheSecret_WithoutTheFinalLineBreak()
    {
        File.WriteAllText(_file, "s3cret with spaces \n");

        Assert.Equal("s3cret with spaces ", SecretOf(Bind($"client_secret_file = '{_file}'")));
    }

    [Fact]
    public void FileOnTheCommandLine_OverridesASecretFromALowerLayer()
    {
        File.WriteAllText(_file, "from-the-file");

        Assert.Equal("from-the-file", SecretOf(Bind("client_secret = 'from-toml'", new Setting("client_secret_file", _file, "--client-secret-file"))));
    }

    [Fact]
    public void BothInOneLayer_IsAnErrorNamingTheFile()
    {
        File.WriteAllText(_file, "from-the-file");

        Assert.Equal("client_secret_file", SingleError(() => Bind($"client_secret = 'x'\nclient_secret_file = '{_file}'")).Option);
    }

    [Fact]
    public void MissingOrEmptyFile_IsOneErrorNamingTheOption()
    {
        File.WriteAllText(_file, "\n");
        var empty = SingleError(() => Bind($"client_secret_file = '{_file}'"));
        var missing = SingleError(() => Bind("client_secret_file = '/no/such/lanyard/secret'"));

        Assert.Equal("client_secret_file", empty.Option);
        Assert.Contains("is empty", empty.Message, StringComparison.Ordinal);
        Assert.Equal("client_secret_file", missing.Option);
        Assert.Contains("/no/such/lanyard/secret", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeitherSet_NamesBothWays()
    {
        var error = SingleError(() => Bind(""));

        Assert.Equal("client_secret", error.Option);
        Assert.Contains("client_secret_file", error.Message, StringComparison.Ordinal);
    }
}
