using System.Security.Cryptography;
using System.Text.Json;
using Lanyard.Configuration;
using Lanyard.Endpoints;
using Lanyard.Headers;
using Lanyard.Identity;
using Lanyard.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Tests.Headers;

/// <summary>The identity token's shape, lifetime and reuse, and the key set that verifies it.</summary>
public sealed class IdentityTokenIssuerTests : IDisposable
{
    private static readonly UserIdentity Alice = new("alice-oid", "alice@contoso.test", "alice@contoso.test", ["g1", "g2"], ["Reader"]);
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());

    private readonly FakeTimeProvider _time = new(Start);
    private readonly IdentityTokenOptions _options = new("X-Lanyard-Identity", IdentityTokenKey.Generate(), "https://auth.contoso.test", "mesh", TimeSpan.FromMinutes(5));
    private readonly IdentityTokenIssuer _issuer;

    public IdentityTokenIssuerTests() => _issuer = new IdentityTokenIssuer(_options, _time);

    public void Dispose() => _issuer.Dispose();

    private static SessionTicket Session(UserIdentity identity, TimeSpan? endsIn = null) =>
        new(identity, Start, Start + (endsIn ?? TimeSpan.FromHours(8)), new SessionTokens("id", "access", null, null), Binding: new SessionBinding("oidc", "c", "https://issuer.test/"));

    [Fact]
    public async Task Token_CarriesTheIdentity_AndValidatesAgainstThePublishedKey()
    {
        var token = _issuer.TokenFor(Session(Alice));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, Validation(await PublishedKeysAsync(_options.Key)));

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(("ES256", _options.Key.KeyId, "JWT"), (jwt.Alg, jwt.Kid, jwt.Typ));
        Assert.Equal("https://auth.contoso.test", jwt.Issuer);
        Assert.Equal(["mesh"], jwt.Audiences);
        Assert.Equal("alice-oid", jwt.Subject);
        Assert.Equal("alice@contoso.test", jwt.GetClaim("email").Value);
        Assert.Equal("alice@contoso.test", jwt.GetClaim("preferred_username").Value);
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload));
        Assert.Equal(["g1", "g2"], payload.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["Reader"], payload.RootElement.GetProperty("roles").EnumerateArray().Select(g => g.GetString()));
        Assert.False(payload.RootElement.TryGetProperty("jti", out _));
    }

    [Fact]
    public void Token_LivesTheConfiguredLifetime_FromTheClock()
    {
        var jwt = new JsonWebToken(_issuer.TokenFor(Session(Alice)));

        Assert.Equal(Start.UtcDateTime, jwt.IssuedAt);
        Assert.Equal(Start.UtcDateTime, jwt.ValidFrom);
        Assert.Equal((Start + TimeSpan.FromMinutes(5)).UtcDateTime, jwt.ValidTo);
    }

    [Fact]
    public void Token_NeverOutlivesItsSession()
    {
        var jwt = new JsonWebToken(_issuer.TokenFor(Session(Alice, endsIn: TimeSpan.FromMinutes(2))));

        Assert.Equal((Start + TimeSpan.FromMinutes(2)).UtcDateTime, jwt.ValidTo);
    }

    [Fact]
    public void AnEndedSession_GetsNoToken()
    {
        var ticket = Session(Alice, endsIn: TimeSpan.FromMinutes(1));
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("", _issuer.TokenFor(ticket));
    }

    [Fact]
    public void WithoutEmailGroupsOrRoles_EmailIsAbsent_AndTheListsAreEmptyArrays()
    {
        var jwt = new JsonWebToken(_issuer.TokenFor(Session(new UserIdentity("app-oid", null, null, [], []))));

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload));
        Assert.False(payload.RootElement.TryGetProperty("email", out _));
        Assert.False(payload.RootElement.TryGetProperty("preferred_username", out _));
        Assert.Equal(JsonValueKind.Array, payload.RootElement.GetProperty("groups").ValueKind);
        Assert.Equal(0, payload.RootElement.GetProperty("roles").GetArrayLength());
    }

    [Fact]
    public void Token_IsReused_UntilHalfItsLifetimeHasPassed()
    {
        var first = _issuer.TokenFor(Session(Alice));
        _time.Advance(TimeSpan.FromMinutes(2.5) - TimeSpan.FromSeconds(1));
        Assert.Same(first, _issuer.TokenFor(Session(Alice)));

        _time.Advance(TimeSpan.FromSeconds(1));
        var second = _issuer.TokenFor(Session(Alice));

        Assert.NotEqual(first, second);
        Assert.Equal((_time.GetUtcNow() + TimeSpan.FromMinutes(5)).UtcDateTime, new JsonWebToken(second).ValidTo);
    }

    [Fact]
    public void AnotherIdentity_OrChangedGroups_GetsATokenOfItsOwn()
    {
        var alice = _issuer.TokenFor(Session(Alice));
        var bob = _issuer.TokenFor(Session(Alice with { User = "bob-oid", Email = "bob@contoso.test" }));
        var aliceRegrouped = _issuer.TokenFor(Session(Alice with { Groups = ["g1", "g3"] }));

        Assert.Equal("bob-oid", new JsonWebToken(bob).Subject);
        Assert.NotEqual(alice, aliceRegrouped);
        Assert.Equal(["g1", "g3"], new JsonWebToken(aliceRegrouped).GetPayloadValue<List<string>>("groups"));
    }

    [Fact]
    public async Task RsaKey_SignsRs256()
    {
        using var directory = new Lanyard.Testing.TemporaryDirectory();
        using var rsa = RSA.Create(2048);
        var key = IdentityTokenKey.FromPem(rsa.ExportPkcs8PrivateKeyPem(), "rsa.pem", out var error)!;
        Assert.Null(error);
        using var issuer = new IdentityTokenIssuer(_options with { Key = key }, _time);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(issuer.TokenFor(Session(Alice)), Validation(await PublishedKeysAsync(key)));

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("RS256", ((JsonWebToken)result.SecurityToken).Alg);
    }

    [Fact]
    public async Task KeySet_HasThePublicKeyOnly_WithUseAlgAndKid_AndIsCachedFiveMinutes()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await new JwksEndpoint(_options.Key).HandleAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("public, max-age=300", context.Response.Headers.CacheControl.ToString());
        using var document = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        var key = Assert.Single(document.RootElement.GetProperty("keys").EnumerateArray().ToList());
        Assert.Equal(["kty", "use", "alg", "kid", "crv", "x", "y"], key.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("EC", "sig", "ES256", _options.Key.KeyId, "P-256"), (key.GetProperty("kty").GetString(), key.GetProperty("use").GetString(), key.GetProperty("alg").GetString(), key.GetProperty("kid").GetString(), key.GetProperty("crv").GetString()));
    }

    [Fact]
    public async Task KeySet_IsNotFound_WhenTheFeatureIsOff()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        context.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();

        await new JwksEndpoint(null).HandleAsync(context);

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
    }

    private static async Task<JsonWebKeySet> PublishedKeysAsync(IdentityTokenKey key)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await new JwksEndpoint(key).HandleAsync(context);
        return new JsonWebKeySet(System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    private static TokenValidationParameters Validation(JsonWebKeySet keys) => new()
    {
        ValidIssuer = "https://auth.contoso.test",
        ValidAudience = "mesh",
        IssuerSigningKeys = keys.GetSigningKeys(),
        ValidateLifetime = true,
        RequireSignedTokens = true,
    };
}
