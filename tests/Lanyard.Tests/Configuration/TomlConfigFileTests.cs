using Lanyard.Configuration;
using Lanyard.Configuration.Sources;

namespace Lanyard.Tests.Configuration;

public sealed class TomlConfigFileTests
{
    [Fact]
    public void Oauth2ProxyStyleFile_ReadsEveryValueWithItsLine()
    {
        var errors = new List<ConfigurationError>();
        var settings = TomlConfigFile.Parse("""
            provider="entra-id"
            oidc_issuer_url="https://login.microsoftonline.com/t/v2.0"
            cookie_secure = false
            upstreams = ["http://a:8080/", "http://b/api/"]
            email_domains="*"
            """, "lanyard.toml", errors);

        Assert.Empty(errors);
        Assert.Equal("entra-id", settings.Single(s => s.Key == "provider").Value);
        Assert.Equal(false, settings.Single(s => s.Key == "cookie_secure").Value);
        Assert.Equal(["http://a:8080/", "http://b/api/"], (IReadOnlyList<string>)settings.Single(s => s.Key == "upstreams").Value);
        Assert.Equal("lanyard.toml:3", settings.Single(s => s.Key == "cookie_secure").Origin);
    }

    [Fact]
    public void UnknownKey_IsAnErrorWithASuggestion()
    {
        var errors = new List<ConfigurationError>();
        TomlConfigFile.Parse("provider = \"oidc\"\ncookie_secert = \"x\"\n", "lanyard.toml", errors);
        var error = Assert.Single(errors);
        Assert.Equal("cookie_secert", error.Option);
        Assert.Equal("lanyard.toml:2", error.Origin);
        Assert.Contains("did you mean 'cookie_secret'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxError_NamesFileAndPosition()
    {
        var errors = new List<ConfigurationError>();
        TomlConfigFile.Parse("provider = = \"oidc\"\n", "lanyard.toml", errors);
        Assert.NotEmpty(errors);
        Assert.Contains("lanyard.toml(1,", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_IsRefused()
    {
        var errors = new List<ConfigurationError>();
        TomlConfigFile.Parse("[cookie]\nname = \"x\"\n", "lanyard.toml", errors);
        Assert.Contains(errors, e => e.Message.Contains("flat", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingFile_IsAnErrorNamingIt()
    {
        var errors = new List<ConfigurationError>();
        TomlConfigFile.Read("/nonexistent/lanyard.toml", errors);
        Assert.Contains("/nonexistent/lanyard.toml", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
