using Lanyard.Configuration;
using Lanyard.Providers.Entra;
using Lanyard.Providers.Oidc;
using Lanyard.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Tests.Providers;

/// <summary>
/// Issue 9, finding 3: a signed token for the right audience is not yet a user's access token. ID tokens are
/// refused; app-only tokens pass only as applications, where allowed; the calling app may be pinned.
/// </summary>
public sealed class BearerTokenTypeTests
{
    private const string Contoso = "7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31";

    private static ProviderOptions Options(ProviderType type, bool allowApplications = false, params string[] allowedClients) => new(
        type, "p", new Uri("https://login.microsoftonline.com/common/v2.0"), "api", new ClientCredentialOptions.ClientSecret(new Secret("s")),
        ["openid"], null, true, new EntraIdOptions([], null), BearerAllowedClients: allowedClients, BearerAllowApplications: allowApplications);

    private static EntraIdProviderEvents Entra(bool allowApplications = false, params string[] allowedClients)
    {
        var options = Options(ProviderType.EntraId, allowApplications, allowedClients);
        return new(options, new ResolveGroupOverage(options, null!, TimeProvider.System, NullLogger<ResolveGroupOverage>.Instance));
    }

    private static OidcProviderEvents Generic(bool allowApplications = false, params string[] allowedClients) =>
        new(Options(ProviderType.Oidc, allowApplications, allowedClients));

    private static JsonWebToken Token(object claims) =>
        new(new JsonWebTokenHandler().CreateToken(System.Text.Json.JsonSerializer.Serialize(claims)));

    [Fact]
    public void EntraDelegatedToken_IsAUser() =>
        Assert.IsType<BearerTokenType.DelegatedUser>(Entra().ClassifyBearerToken(Token(new { azp = "client", scp = "access_as_user", oid = "u", sub = "p", tid = Contoso })));

    [Fact]
    public void EntraV1DelegatedToken_NamesItsClientInAppid() =>
        Assert.IsType<BearerTokenType.DelegatedUser>(Entra().ClassifyBearerToken(Token(new { appid = "client", scp = "read", oid = "u", sub = "p" })));

    [Theory]
    [InlineData("""{"aud":"api","nonce":"n","oid":"u","sub":"p","tid":"t"}""", "ID token")]
    [InlineData("""{"aud":"api","oid":"u","sub":"p","tid":"t","ver":"2.0"}""", "no calling application")]
    [InlineData("""{"aud":"api","azp":"client","at_hash":"h","scp":"read"}""", "ID token")]
    [InlineData("""{"azp":"client","oid":"u","sub":"p"}""", "no delegated scopes")]
    [InlineData("""{"azp":"client","idtyp":"app","scp":"read","oid":"s","sub":"s"}""", "idtyp: app")]
    public void EntraTokenThatIsNotAUsersAccessToken_IsRefused(string payload, string reason)
    {
        var refused = Assert.IsType<BearerTokenType.Refused>(Entra().ClassifyBearerToken(new JsonWebToken(new JsonWebTokenHandler().CreateToken(payload))));
        Assert.Contains(reason, refused.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"azp":"daemon","idtyp":"app","roles":["Orders.Read"],"oid":"sp","sub":"sp"}""")]
    [InlineData("""{"appid":"daemon","roles":["Orders.Read"],"oid":"sp","sub":"sp"}""")]
    public void EntraAppOnlyToken_IsRefusedUnlessApplicationsAreAllowed(string payload)
    {
        var token = new JsonWebToken(new JsonWebTokenHandler().CreateToken(payload));

        Assert.Contains("app-only", Assert.IsType<BearerTokenType.Refused>(Entra().ClassifyBearerToken(token)).Reason, StringComparison.Ordinal);
        Assert.IsType<BearerTokenType.Application>(Entra(allowApplications: true).ClassifyBearerToken(token));
    }

    [Fact]
    public void ApplicationIdentity_HasNoEmail_AndItsAppPermissionsAsRoles()
    {
        var events = Entra(allowApplications: true);
        var token = Token(new { azp = "daemon", idtyp = "app", roles = new[] { "Orders.Read" }, oid = "sp-oid", sub = "sp-oid", tid = Contoso });

        var identity = events.CreateIdentityFromAccessToken(token, events.ClassifyBearerToken(token));

        Assert.True(identity.IsApplication);
        Assert.Equal("sp-oid", identity.User);
        Assert.Null(identity.Email);
        Assert.Equal(["Orders.Read"], identity.Roles);
    }

    [Fact]
    public void AllowedClients_RefuseTokensRequestedByAnotherAppRegistration()
    {
        var events = Entra(false, "trusted-client");

        Assert.IsType<BearerTokenType.DelegatedUser>(events.ClassifyBearerToken(Token(new { azp = "trusted-client", scp = "read", oid = "u", sub = "p" })));
        Assert.Contains("bearer_token_allowed_clients",
            Assert.IsType<BearerTokenType.Refused>(events.ClassifyBearerToken(Token(new { azp = "other-client", scp = "read", oid = "u", sub = "p" }))).Reason, StringComparison.Ordinal);
        Assert.IsType<BearerTokenType.Refused>(events.ClassifyBearerToken(Token(new { appid = "other-client", scp = "read", oid = "u", sub = "p" })));
    }

    [Theory]
    [InlineData("""{"sub":"alice","nonce":"n"}""")]
    [InlineData("""{"sub":"alice","c_hash":"h"}""")]
    [InlineData("""{"sub":"alice","typ":"ID"}""")]
    public void GenericIdToken_IsRefused(string payload) =>
        Assert.IsType<BearerTokenType.Refused>(Generic().ClassifyBearerToken(new JsonWebToken(new JsonWebTokenHandler().CreateToken(payload))));

    [Fact]
    public void GenericAccessToken_IsAUser_AndAClientCredentialsOne_AnApplication()
    {
        Assert.IsType<BearerTokenType.DelegatedUser>(Generic().ClassifyBearerToken(Token(new { sub = "alice", client_id = "web", scope = "read" })));
        Assert.IsType<BearerTokenType.Refused>(Generic().ClassifyBearerToken(Token(new { sub = "web", client_id = "web" })));
        Assert.IsType<BearerTokenType.Application>(Generic(allowApplications: true).ClassifyBearerToken(Token(new { sub = "web", client_id = "web" })));
    }

    [Fact]
    public void GenericAllowedClients_ApplyToClientIdAndAzp()
    {
        var events = Generic(false, "web");

        Assert.IsType<BearerTokenType.DelegatedUser>(events.ClassifyBearerToken(Token(new { sub = "alice", client_id = "web" })));
        Assert.IsType<BearerTokenType.DelegatedUser>(events.ClassifyBearerToken(Token(new { sub = "alice", azp = "web" })));
        Assert.IsType<BearerTokenType.Refused>(events.ClassifyBearerToken(Token(new { sub = "alice", client_id = "cli" })));
        Assert.IsType<BearerTokenType.Refused>(events.ClassifyBearerToken(Token(new { sub = "alice" })));
    }
}
