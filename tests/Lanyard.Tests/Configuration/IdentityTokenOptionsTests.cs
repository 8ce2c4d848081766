using System.Security.Cryptography;
using Lanyard.Configuration;

namespace Lanyard.Tests.Configuration;

/// <summary><c>identity_token_*</c>: off by default, defaults from redirect_url and client_id, key files of both kinds.</summary>
public sealed class IdentityTokenOptionsTests
{
    private const string Header = "identity_token_header = \"X-Lanyard-Identity\"\n";

    [Fact]
    public void Unset_IsOff()
    {
        Assert.Null(TomlBinding.Bind(TomlBinding.MinimalOidc).IdentityToken);
    }

    [Fact]
    public void Defaults_AreTheRedirectUrlsOrigin_TheClientId_FiveMinutes_AndAGeneratedP256Key()
    {
        var options = TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + Header + "redirect_url = \"https://auth.contoso.test:8443/oauth2/callback\"").IdentityToken!;

        Assert.Equal("X-Lanyard-Identity", options.HeaderName);
        Assert.Equal("https://auth.contoso.test:8443", options.Issuer);
        Assert.Equal("c", options.Audience);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Lifetime);
        Assert.True(options.Key.Generated);
        Assert.Equal("ES256", options.Key.Algorithm);
    }

    [Fact]
    public void ExplicitValues_Win()
    {
        var options = TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + Header + "identity_token_issuer = \"lanyard\"\nidentity_token_audience = \"mesh\"\nidentity_token_lifetime = \"30s\"").IdentityToken!;

        Assert.Equal(("lanyard", "mesh", TimeSpan.FromSeconds(30)), (options.Issuer, options.Audience, options.Lifetime));
    }

    [Fact]
    public void WithoutIssuerOrAbsoluteRedirectUrl_IsAnErrorNamingTheIssuer()
    {
        var error = TomlBinding.SingleError(() => TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + Header));

        Assert.Equal("identity_token_issuer", error.Option);
        Assert.Contains("identity_token_header (set at lanyard.toml:7)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("29s")]
    [InlineData("1h0m1s")]
    public void LifetimeOutsideItsBounds_IsRefused(string lifetime)
    {
        var error = TomlBinding.SingleError(() => TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + Header + $"identity_token_issuer = \"lanyard\"\nidentity_token_lifetime = \"{lifetime}\""));

        Assert.Equal("identity_token_lifetime", error.Option);
        Assert.Equal($"'{lifetime}' is outside 30s to 1h: shorter tokens expire in transit under clock skew, longer ones outlive a revoked user's access", error.Message);
    }

    [Fact]
    public void TheBoundsThemselves_AreAccepted()
    {
        Assert.Equal(TimeSpan.FromHours(1), TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + Header + "identity_token_issuer = \"l\"\nidentity_token_lifetime = \"1h\"").IdentityToken!.Lifetime);
    }

    [Fact]
    public void AnInjectedHeadersName_IsRefused()
    {
        var error = TomlBinding.SingleError(() => TomlBinding.Bind(TomlBinding.MinimalOidc + "\nidentity_token_header = \"Authorization\"\nidentity_token_issuer = \"l\""));

        Assert.Equal("identity_token_header", error.Option);
    }

    [Fact]
    public void EcKeyFile_SignsEs256_RsaKeyFile_Rs256_WithTheThumbprintAsKid()
    {
        using var directory = new Lanyard.Testing.TemporaryDirectory();
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        var ecFile = directory.Write("ec.pem", ec.ExportECPrivateKeyPem());
        var rsaFile = directory.Write("rsa.pem", rsa.ExportRSAPrivateKeyPem());
        var pkcs8File = directory.Write("pkcs8.pem", ec.ExportPkcs8PrivateKeyPem());

        var fromEc = Bind(ecFile).Key;
        var fromRsa = Bind(rsaFile).Key;
        var fromPkcs8 = Bind(pkcs8File).Key;

        Assert.Equal(("ES256", ecFile, false), (fromEc.Algorithm, fromEc.File, fromEc.Generated));
        Assert.Equal("RS256", fromRsa.Algorithm);
        Assert.Equal(fromEc.KeyId, fromPkcs8.KeyId);
        Assert.Equal(Rfc7638.Ec(ec), fromEc.KeyId);
        Assert.Equal(Rfc7638.Rsa(rsa), fromRsa.KeyId);
        Assert.Null(fromEc.PublicJwk.D);
        Assert.Null(fromRsa.PublicJwk.D);
    }

    [Fact]
    public void KeyToString_ShowsNoKeyMaterial()
    {
        var key = IdentityTokenKey.Generate();

        Assert.Equal($"ES256 key {key.KeyId} (generated at startup)", key.ToString());
    }

    private static IdentityTokenOptions Bind(string keyFile) =>
        TomlBinding.Bind(TomlBinding.MinimalOidc + "\n" + Header + $"identity_token_issuer = \"l\"\nidentity_token_key_file = \"{keyFile}\"").IdentityToken!;
}
