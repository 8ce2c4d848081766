using Lanyard.Configuration;
using Lanyard.Configuration.Sources;
using Lanyard.Configuration.Validation;
using Lanyard.Testing;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Tests.Configuration;

public sealed class LanyardOptionsBinderTests
{
    private const string ValidToml = """
        provider = "entra-id"
        oidc_issuer_url = "https://login.microsoftonline.com/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0"
        client_id = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"
        client_secret = "s3cret"
        cookie_secret = "0123456789abcdef0123456789abcdef"
        email_domains = ["contoso.test"]
        upstreams = ["http://127.0.0.1:8080/"]
        """;

    private static LanyardOptions Bind(string toml, IReadOnlyDictionary<string, string>? env = null)
    {
        var errors = new List<ConfigurationError>();
        var layers = new SettingsLayers()
            .Add(SettingsLayers.Defaults())
            .Add(TomlConfigFile.Parse(toml, "lanyard.toml", errors))
            .Add(EnvironmentVariables.Read(name => env?.GetValueOrDefault(name)));
        return LanyardOptionsBinder.Bind(layers, errors);
    }

    [Fact]
    public void ValidFile_GivesOauth2ProxyDefaults()
    {
        var options = Bind(ValidToml);
        Assert.Equal(ProviderType.EntraId, options.Provider.Type);
        Assert.Equal("_oauth2_proxy", options.Cookie.Name);
        Assert.True(options.Cookie.Secure);
        Assert.True(options.Cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Lax, options.Cookie.SameSite);
        Assert.Equal(TimeSpan.FromHours(168), options.Cookie.Expire);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Cookie.CsrfExpire);
        Assert.Equal(new ListenAddress("127.0.0.1", 4180), options.Server.HttpAddress);
        Assert.Equal(["openid", "email", "profile"], options.Provider.Scopes);
        Assert.Equal("/", Assert.Single(options.Upstreams).PathPrefix);
    }

    [Fact]
    public void EmptyConfig_ListsEveryMissingOptionAtOnce()
    {
        var error = Assert.Throws<ConfigurationException>(() => Bind(""));
        var options = error.Errors.Select(e => e.Option).ToHashSet();
        Assert.Superset(new HashSet<string> { "provider", "oidc_issuer_url", "client_id", "client_secret", "cookie_secret", "email_domains" }, options);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("0123456789abcdef0")]
    public void CookieSecretOfTheWrongSize_IsAnErrorThatSaysTheSizes(string secret)
    {
        var error = Assert.Throws<ConfigurationException>(() => Bind(ValidToml.Replace("0123456789abcdef0123456789abcdef", secret, StringComparison.Ordinal)));
        var problem = Assert.Single(error.Errors);
        Assert.Equal("cookie_secret", problem.Option);
        Assert.Equal("lanyard.toml:5", problem.Origin);
        Assert.Contains("16, 24 or 32 bytes", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // oauth2-proxy's rule: text that base64-decodes to 16, 24 or 32 bytes is taken decoded, so these
    // 32 characters (valid base64) are a 24-byte key; only text that is not base64 is taken raw.
    [InlineData("0123456789abcdef0123456789abcdef", 24)]
    [InlineData("0123456789abcdef0123456789abcd!?", 32)]
    [InlineData("MDEyMzQ1Njc4OWFiY2RlZg==", 16)]
    [InlineData("q1Zq0UbdcxOHk2V3gF2XZQ6n1eG1L0yj1qIu0eXxb6s", 32)]
    [InlineData("q1Zq0UbdcxOHk2V3gF2XZQ6n1eG1L0yj1qIu0eXxb6s=", 32)]
    public void CookieSecret_IsReadRawOrBase64(string secret, int bytes)
    {
        Assert.True(CookieSecret.TryParse(secret, out var parsed, out _));
        Assert.Equal(bytes, parsed!.Bytes.Length);
    }

    [Fact]
    public void EnvironmentVariable_OverridesTheFile()
    {
        var options = Bind(ValidToml, new Dictionary<string, string> { ["OAUTH2_PROXY_COOKIE_NAME"] = "_from_env", ["OAUTH2_PROXY_EMAIL_DOMAINS"] = "a.test,b.test" });
        Assert.Equal("_from_env", options.Cookie.Name);
        Assert.Equal(["a.test", "b.test"], options.Access.EmailDomains);
    }

    [Fact]
    public void CommaSeparatedTomlString_IsAList()
    {
        var options = Bind(ValidToml.Replace("email_domains = [\"contoso.test\"]", "email_domains = \"a.test, b.test\"", StringComparison.Ordinal));
        Assert.Equal(["a.test", "b.test"], options.Access.EmailDomains);
    }

    [Theory]
    [InlineData("cookie_expire = \"forever\"", "cookie_expire")]
    [InlineData("cookie_secure = \"maybe\"", "cookie_secure")]
    [InlineData("cookie_samesite = \"sometimes\"", "cookie_samesite")]
    [InlineData("provider = \"google\"", "provider")]
    [InlineData("oidc_issuer_url = \"http://login.example.com/t/v2.0\"", "oidc_issuer_url")]
    [InlineData("upstreams = [\"file:///no/such/lanyard/dir\"]", "upstreams")]
    [InlineData("upstreams = [\"file:///tmp#docs/\"]", "upstreams")]
    [InlineData("upstreams = [\"static://\"]", "upstreams")]
    [InlineData("upstreams = [\"static://abc\"]", "upstreams")]
    [InlineData("upstreams = [\"static://99\"]", "upstreams")]
    [InlineData("upstreams = [\"static://600\"]", "upstreams")]
    [InlineData("upstreams = [\"ftp://files.example.com/\"]", "upstreams")]
    [InlineData("http_address = \"nowhere\"", "http_address")]
    [InlineData("cookie_expire = \"200000000h\"", "cookie_expire")]
    [InlineData("cookie_previous_secrets = [\"too-short\"]", "cookie_previous_secrets")]
    [InlineData("scope = \"profile email\"", "scope")]
    [InlineData("whitelist_domains = [\"https://example.com/\"]", "whitelist_domains")]
    [InlineData("whitelist_domains = [\".\"]", "whitelist_domains")]
    [InlineData("whitelist_domains = [\"*.\"]", "whitelist_domains")]
    [InlineData("whitelist_domains = [\"*\"]", "whitelist_domains")]
    [InlineData("whitelist_domains = [\".:443\"]", "whitelist_domains")]
    [InlineData("whitelist_domains = [\"*.*.example.com\"]", "whitelist_domains")]
    [InlineData("cookie_name = \"__Host-lanyard\"\ncookie_path = \"/app\"", "cookie_path")]
    public void BadValue_IsAnErrorNamingTheOption(string line, string option)
    {
        var key = line[..line.IndexOf(' ', StringComparison.Ordinal)];
        var toml = string.Join('\n', ValidToml.Split('\n').Where(l => !l.StartsWith(key + " ", StringComparison.Ordinal))) + "\n" + line;
        var error = Assert.Throws<ConfigurationException>(() => Bind(toml));
        Assert.Equal(option, Assert.Single(error.Errors).Option);
    }

    [Fact]
    public void SameSiteNoneWithoutSecure_IsRefused()
    {
        var error = Assert.Throws<ConfigurationException>(() => Bind(ValidToml + "\ncookie_samesite = \"none\"\ncookie_secure = false"));
        Assert.Equal("cookie_samesite", Assert.Single(error.Errors).Option);
    }

    [Fact]
    public void HttpIssuerOnLoopback_IsAllowed()
    {
        var options = Bind(ValidToml.Replace("https://login.microsoftonline.com", "http://127.0.0.1:4181", StringComparison.Ordinal));
        Assert.Equal("127.0.0.1", options.Provider.IssuerUrl.Host);
    }

    [Fact]
    public void UpstreamPaths_BecomeRoutePrefixes()
    {
        var options = Bind(ValidToml.Replace("upstreams = [\"http://127.0.0.1:8080/\"]", "upstreams = [\"http://a:1/\", \"http://b:2/api/\"]", StringComparison.Ordinal));
        Assert.Equal(["/", "/api/"], options.Upstreams.Select(u => u.PathPrefix));
        Assert.Equal(new Uri("http://b:2/"), options.Upstreams[1].Destination);
    }

    [Fact]
    public void StaticAndFileUpstreams_AreLocalResponders()
    {
        using var files = new TemporaryDirectory();
        var directory = files.Path;
        var options = Bind(ValidToml.Replace(
            "upstreams = [\"http://127.0.0.1:8080/\"]",
            $"upstreams = [\"static://202\", \"file://{directory}#/docs/\", \"file:///dev/null#/nothing/\"]",
            StringComparison.Ordinal));

        Assert.Equal(3, options.Upstreams.Count);
        Assert.Equal(202, options.Upstreams[0].StaticCode);
        Assert.Equal("/", options.Upstreams[0].PathPrefix);
        Assert.Equal(directory, options.Upstreams[1].Directory);
        Assert.Equal("/docs/", options.Upstreams[1].PathPrefix);
        Assert.Null(options.Upstreams[1].Destination);
        Assert.Equal("/dev/null", options.Upstreams[2].Directory);
        Assert.Equal("/nothing/", options.Upstreams[2].PathPrefix);
    }

    [Fact]
    public void SecretsAreNotPrinted()
    {
        var options = Bind(ValidToml);
        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cookie_secure = false", "cookie_secure")]
    [InlineData("cookie_domains = [\".contoso.test\"]", "cookie_domains")]
    public void HostPrefixedCookieName_NeedsWhatBrowsersRequireOfIt(string line, string option)
    {
        var error = Assert.Throws<ConfigurationException>(() => Bind(ValidToml + "\ncookie_name = \"__Host-lanyard\"\n" + line));
        Assert.Equal(option, Assert.Single(error.Errors).Option);
    }

    [Fact]
    public void HostPrefixedCookieName_IsTheHardenedDefault_ItBindsAsIs()
    {
        var options = Bind(ValidToml + "\ncookie_name = \"__Host-lanyard\"");
        Assert.Equal("__Host-lanyard", options.Cookie.Name);
    }

    [Fact]
    public void SecurePrefixedCookieName_NeedsSecure()
    {
        var error = Assert.Throws<ConfigurationException>(() => Bind(ValidToml + "\ncookie_name = \"__Secure-lanyard\"\ncookie_secure = false"));
        Assert.Equal("cookie_secure", Assert.Single(error.Errors).Option);
    }

    [Fact]
    public void BearerTokenTypeOptions_Bind()
    {
        var options = Bind(ValidToml + "\nbearer_token_allowed_clients = [\"a\", \"b\"]\nbearer_token_allow_applications = true\ninsecure_oidc_allow_unverified_email = true");
        Assert.Equal(["a", "b"], options.Provider.BearerAllowedClients);
        Assert.True(options.Provider.BearerAllowApplications);
        Assert.True(options.Provider.AllowUnverifiedEmail);
        Assert.False(Bind(ValidToml).Provider.AllowUnverifiedEmail);
    }
}
