using Lanyard.Configuration;
using Lanyard.Headers;
using Lanyard.Identity;
using Lanyard.Sessions;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Tests.Headers;

public sealed class UpstreamIdentityHeadersTests
{
    private static readonly UserIdentity Alice = new("alice-sub", "alice@contoso.test", "alice@contoso.test", ["g1", "g2"], []);
    private readonly UpstreamIdentityHeaders _headers = new(CookieOptions(), new IdentityHeaderTable(HeaderOptions.Default));

    private static SessionTicket Session(UserIdentity identity) =>
        new(identity, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), new SessionTokens("id-token", "access-token", null, null), Binding: new SessionBinding("oidc", "client", "https://issuer.test/"));

    private static SessionCookieOptions CookieOptions()
    {
        Assert.True(CookieSecret.TryParse("0123456789abcdef0123456789abcdef", out var secret, out _));
        return new SessionCookieOptions("_oauth2_proxy", secret!, "/", TimeSpan.FromHours(1), TimeSpan.Zero, true, true, Microsoft.AspNetCore.Http.SameSiteMode.Lax, TimeSpan.FromMinutes(15));
    }

    [Theory]
    [InlineData("X-Forwarded-User")]
    [InlineData("x-forwarded-user")]
    [InlineData("X_Forwarded_User")]
    [InlineData("X-Forwarded-Email")]
    [InlineData("X-Forwarded-Groups")]
    [InlineData("X-Forwarded-Preferred-Username")]
    [InlineData("X-Forwarded-Access-Token")]
    [InlineData("X-Auth-Request-User")]
    [InlineData("X-Auth-Request-Email")]
    [InlineData("X_Auth_Request_Groups")]
    [InlineData("GAP-Auth")]
    public void ClientSentIdentityHeader_IsRemoved(string name)
    {
        var headers = new HeaderDictionary { [name] = "mallory", ["X-Other"] = "kept" };
        UpstreamIdentityHeaders.StripClientIdentityHeaders(headers);
        Assert.False(headers.ContainsKey(name));
        Assert.Equal("kept", headers["X-Other"]);
    }

    [Theory]
    [InlineData("_OAUTH2_PROXY=x")]
    [InlineData("_Oauth2_Proxy_0=x")]
    [InlineData("_OAUTH2_PROXY_CSRF=x")]
    [InlineData("_oauth2_proxy_ABCDEFGH_csrf=x")]
    public void LanyardCookiesUnderAnySpelling_AreStripped(string cookie)
    {
        // Issue 9, finding 8: Lanyard reads only the exact name, but an upstream may read without case.
        var headers = new HeaderDictionary { ["Cookie"] = cookie + "; app=1" };
        _headers.Apply(headers, Session(Alice));
        Assert.Equal("app=1", headers["Cookie"].ToString());
    }

    [Fact]
    public void ACookieWhoseNameOnlyStartsLikeLanyards_IsKept()
    {
        var headers = new HeaderDictionary { ["Cookie"] = "_oauth2_proxyx=1; _oauth2_proxy_theme=dark" };
        _headers.Apply(headers, Session(Alice));
        Assert.Equal("_oauth2_proxyx=1; _oauth2_proxy_theme=dark", headers["Cookie"].ToString());
    }

    [Fact]
    public void ARefusedBearerToken_IsRemoved_AndAnAcceptedOneKept()
    {
        var refused = new HeaderDictionary { ["Authorization"] = "Bearer forged" };
        var accepted = new HeaderDictionary { ["Authorization"] = "Bearer good" };
        _headers.Apply(refused, Session(Alice), bearerTokenRefused: true);
        _headers.Apply(accepted, Session(Alice));
        Assert.False(refused.ContainsKey("Authorization"));
        Assert.Equal("Bearer good", accepted["Authorization"].ToString());
    }

    [Fact]
    public void VerifiedIdentity_ReplacesWhatTheClientSent()
    {
        var headers = new HeaderDictionary { ["X-Forwarded-User"] = "mallory", ["X_Forwarded_Email"] = "mallory@evil.test" };
        _headers.Apply(headers, Session(Alice));
        Assert.Equal("alice-sub", headers["X-Forwarded-User"]);
        Assert.Equal("alice@contoso.test", headers["X-Forwarded-Email"]);
        Assert.Equal("g1,g2", headers["X-Forwarded-Groups"]);
        Assert.False(headers.ContainsKey("X_Forwarded_Email"));
    }

    [Fact]
    public void IdentityWithoutGroups_SendsNoGroupsHeader()
    {
        var headers = new HeaderDictionary { ["X-Forwarded-Groups"] = "admins" };
        _headers.Apply(headers, Session(Alice with { Groups = [] }));
        Assert.False(headers.ContainsKey("X-Forwarded-Groups"));
    }

    [Fact]
    public void LanyardsOwnCookies_DoNotGoUpstream_OtherCookiesDo()
    {
        var headers = new HeaderDictionary { ["Cookie"] = "app=1; _oauth2_proxy=secret; _oauth2_proxy_0=a; _oauth2_proxy_1=b; _oauth2_proxy_csrf=c; _oauth2_proxy_AbCd_123_csrf=d; _oauth2_proxy_x=kept; theme=dark" };
        _headers.Apply(headers, Session(Alice));
        Assert.Equal("app=1; _oauth2_proxy_x=kept; theme=dark", headers["Cookie"]);
    }

    [Fact]
    public void OnlyLanyardCookies_LeaveNoCookieHeader()
    {
        var headers = new HeaderDictionary { ["Cookie"] = "_oauth2_proxy=secret" };
        _headers.Apply(headers, Session(Alice));
        Assert.False(headers.ContainsKey("Cookie"));
    }

    [Fact]
    public void SeveralCookieLines_OddSpacingAndNamelessPairs_KeepWhatIsNotLanyards()
    {
        var headers = new HeaderDictionary { ["Cookie"] = new Microsoft.Extensions.Primitives.StringValues(["a=1;  _oauth2_proxy=x ;", " flag; _oauth2_proxy_0=y;b=2=3"]) };
        _headers.Apply(headers, Session(Alice));
        Assert.Equal("a=1; flag; b=2=3", headers["Cookie"]);
    }

    [Fact]
    public void AVerifiedBearerToken_KeepsItsAuthorization_EvenWhenPassAuthorizationHeaderIsOn()
    {
        // A bearer request has no ID token to put there: the caller's own token is what the API must see.
        var table = new IdentityHeaderTable(Lanyard.Configuration.Validation.LegacyHeadersBinder.FromFlags(new(PassAuthorizationHeader: true)));
        var headers = new HeaderDictionary { ["Authorization"] = "Bearer callers-token" };
        var bearer = new SessionTicket(Alice, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), new SessionTokens(null, "callers-token", null, null));
        new UpstreamIdentityHeaders(CookieOptions(), table).Apply(headers, bearer);
        Assert.Equal("Bearer callers-token", headers["Authorization"].ToString());
    }

    [Fact]
    public void ASessionsIdToken_ReplacesAClientsAuthorization_WhenPassAuthorizationHeaderIsOn()
    {
        var table = new IdentityHeaderTable(Lanyard.Configuration.Validation.LegacyHeadersBinder.FromFlags(new(PassAuthorizationHeader: true)));
        var headers = new HeaderDictionary { ["Authorization"] = "Basic forged" };
        new UpstreamIdentityHeaders(CookieOptions(), table).Apply(headers, Session(Alice));
        Assert.Equal("Bearer id-token", headers["Authorization"].ToString());
    }

    [Fact]
    public void APreservedHeader_KeepsTheClientsValueBesideLanyards_AndAReservedOneNever()
    {
        var table = new IdentityHeaderTable(new HeaderOptions(
            [
                new InjectedHeader("X-Tenant-Hint", [new HeaderValueSource.Claim("email")], PreserveRequestValue: true),
                new InjectedHeader("X-Forwarded-Email", [new HeaderValueSource.Claim("email")], PreserveRequestValue: true),
            ],
            []));
        var headers = new HeaderDictionary { ["X-Tenant-Hint"] = "from-client", ["X-Forwarded-Email"] = "mallory@evil.test" };
        new UpstreamIdentityHeaders(CookieOptions(), table).Apply(headers, Session(Alice));
        Assert.Equal(["from-client", "alice@contoso.test"], headers["X-Tenant-Hint"].ToArray());
        Assert.Equal("alice@contoso.test", headers["X-Forwarded-Email"].ToString());
    }

    [Fact]
    public void ClaimsFromTheIdToken_PrefixesAndFixedValues_RenderIntoOneCommaJoinedHeader()
    {
        var idToken = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(
            """{"oid":"0000-aaaa","tid":"contoso-tenant"}""");
        var ticket = Session(Alice) with { Tokens = new SessionTokens(idToken, "access", null, null) };
        var header = new InjectedHeader("X-Ids", [
            new HeaderValueSource.Claim("oid", "oid="),
            new HeaderValueSource.Claim("tid"),
            new HeaderValueSource.Claim("missing"),
            new HeaderValueSource.Fixed(new Lanyard.Security.Secret("fixed")),
        ]);
        Assert.Equal("oid=0000-aaaa,contoso-tenant,fixed", IdentityHeaderTable.Render(header, ticket));
    }
}
