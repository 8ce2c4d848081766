using System.Security.Cryptography;
using System.Text;
using Lanyard.Configuration;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Tests.Configuration;

/// <summary>cookie_secret_file (a mounted Kubernetes secret) and cookie_csrf_samesite, with oauth2-proxy's names.</summary>
public sealed class CookieSecretFileTests : IDisposable
{
    private const string Base = """
        provider = "oidc"
        oidc_issuer_url = "https://idp.example.com"
        client_id = "c"
        client_secret = "s"
        email_domains = ["*"]
        """;

    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    private static LanyardOptions Bind(string toml, params Setting[] flags) => TomlBinding.Bind(Base + "\n" + toml, flags);

    private static ConfigurationError SingleError(Func<LanyardOptions> bind) => TomlBinding.SingleError(bind);

    [Fact]
    public void Base64SecretWithATrailingLineBreak_IsTheSecretItEncodes()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(_file, Convert.ToBase64String(key) + "\n");

        Assert.Equal(key, Bind($"cookie_secret_file = '{_file}'").Cookie.Secret.Bytes.ToArray());
    }

    [Fact]
    public void RawRandomBytes_AreTheSecretAsTheyAre()
    {
        var key = new byte[32];
        RandomNumberGenerator.Fill(key);
        key[0] = 0xff; // not ASCII: no text encoding may touch it
        File.WriteAllBytes(_file, key);

        Assert.Equal(key, Bind($"cookie_secret_file = '{_file}'").Cookie.Secret.Bytes.ToArray());
    }

    [Fact]
    public void FileOnTheCommandLine_OverridesASecretFromALowerLayer()
    {
        File.WriteAllText(_file, "abcdefghijklmnopqrstuvwxyz01234!"); // '!' is not base64: the raw text is the secret
        var options = Bind("cookie_secret = '0123456789abcdef0123456789abcdef'", new Setting("cookie_secret_file", _file, "--cookie-secret-file"));

        Assert.Equal(Encoding.ASCII.GetBytes("abcdefghijklmnopqrstuvwxyz01234!"), options.Cookie.Secret.Bytes.ToArray());
    }

    [Fact]
    public void BothInOneFile_IsAnError()
    {
        File.WriteAllText(_file, "abcdefghijklmnopqrstuvwxyz012345");
        Assert.Equal("cookie_secret_file", SingleError(() => Bind($"cookie_secret = '0123456789abcdef0123456789abcdef'\ncookie_secret_file = '{_file}'")).Option);
    }

    [Fact]
    public void MissingOrWrongSizedFile_IsAnErrorNamingTheOption_WithoutItsContent()
    {
        File.WriteAllText(_file, "hunter2-is-too-short");
        var wrongSize = SingleError(() => Bind($"cookie_secret_file = '{_file}'"));
        var missing = SingleError(() => Bind("cookie_secret_file = '/no/such/secret'"));

        Assert.Equal("cookie_secret_file", wrongSize.Option);
        Assert.DoesNotContain("hunter2", wrongSize.Message, StringComparison.Ordinal);
        Assert.Equal("cookie_secret_file", missing.Option);
    }

    [Theory]
    [InlineData("", "strict", SameSiteMode.Lax)]
    [InlineData("", "none", SameSiteMode.None)]
    [InlineData("lax", "none", SameSiteMode.Lax)]
    [InlineData("none", "lax", SameSiteMode.None)]
    public void CsrfSameSite_SetsTheSignInCookie_OrFollowsTheSessionCookie(string csrf, string session, SameSiteMode expected)
    {
        var options = Bind($"cookie_secret = '0123456789abcdef0123456789abcdef'\ncookie_samesite = '{session}'\ncookie_csrf_samesite = '{csrf}'");

        Assert.Equal(expected, options.Cookie.SignInCookie(new DefaultHttpContext().Request, null).SameSite);
    }

    [Theory]
    [InlineData("cookie_csrf_samesite = 'strict'")]
    [InlineData("cookie_csrf_samesite = 'none'\ncookie_secure = false")]
    [InlineData("cookie_csrf_samesite = 'sometimes'")]
    public void CsrfSameSite_ThatWouldBreakSignIn_IsAnError(string toml) =>
        Assert.Equal("cookie_csrf_samesite", SingleError(() => Bind("cookie_secret = '0123456789abcdef0123456789abcdef'\n" + toml)).Option);
}
