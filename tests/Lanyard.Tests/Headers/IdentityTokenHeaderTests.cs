using Lanyard.Configuration;
using Lanyard.Configuration.Validation;
using Lanyard.Headers;
using Lanyard.Identity;
using Lanyard.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Tests.Headers;

/// <summary>Where the identity token header goes: upstream and on forward-auth answers, never the client's copy.</summary>
public sealed class IdentityTokenHeaderTests : IDisposable
{
    private static readonly UserIdentity Alice = new("alice-oid", "alice@contoso.test", null, [], []);

    private readonly IdentityTokenIssuer _issuer = new(new IdentityTokenOptions("X-Lanyard-Identity", IdentityTokenKey.Generate(), "https://auth.test", "mesh", TimeSpan.FromMinutes(5)), TimeProvider.System);

    public void Dispose() => _issuer.Dispose();

    private static SessionTicket Session() =>
        new(Alice, TimeProvider.System.GetUtcNow(), TimeProvider.System.GetUtcNow().AddHours(1), new SessionTokens("id", "access", null, null), Binding: new SessionBinding("oidc", "c", "https://issuer.test/"));

    private static SessionCookieOptions Cookies()
    {
        Assert.True(CookieSecret.TryParse("0123456789abcdef0123456789abcdef", out var secret, out _));
        return new SessionCookieOptions("_oauth2_proxy", secret!, "/", TimeSpan.FromHours(1), TimeSpan.Zero, true, true, SameSiteMode.Lax, TimeSpan.FromMinutes(15));
    }

    [Theory]
    [InlineData("X-Lanyard-Identity")]
    [InlineData("x_lanyard_identity")]
    public void Upstream_GetsLanyardsToken_NeverTheClients_EvenWithSkipAuthStripHeadersOff(string spelling)
    {
        // skip_auth_strip_headers = false keeps the client's copies of injected headers; never of this one.
        var table = new IdentityHeaderTable(LegacyHeadersBinder.FromFlags(new LegacyHeaderFlags(SkipAuthStripHeaders: false)), _issuer);
        var headers = new HeaderDictionary { [spelling] = "forged" };

        new UpstreamIdentityHeaders(Cookies(), table).Apply(headers, Session());

        var token = Assert.Single(headers, h => h.Key.Contains("lanyard", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("X-Lanyard-Identity", token.Key);
        Assert.Equal("alice-oid", new JsonWebToken(token.Value.ToString()).Subject);
    }

    [Fact]
    public void Upstream_OnASkippedRoute_GetsNoTokenHeaderAtAll()
    {
        var headers = new HeaderDictionary { ["X-Lanyard-Identity"] = "forged" };

        new UpstreamIdentityHeaders(Cookies(), new IdentityHeaderTable(HeaderOptions.Default, _issuer)).ApplyAnonymous(headers, bearerTokenRefused: false);

        Assert.False(headers.ContainsKey("X-Lanyard-Identity"));
    }

    [Fact]
    public void ForwardAuthAnswer_CarriesTheToken_OrAnEmptyHeaderWithoutIdentity()
    {
        var answers = new AuthResponseHeaders(new IdentityHeaderTable(HeaderOptions.Default, _issuer));
        var allowed = new HeaderDictionary();
        var anonymous = new HeaderDictionary();

        answers.Apply(allowed, Session());
        answers.ApplyAnonymous(anonymous);

        Assert.Equal("alice-oid", new JsonWebToken(allowed["X-Lanyard-Identity"].ToString()).Subject);
        Assert.True(anonymous.TryGetValue("X-Lanyard-Identity", out var empty));
        Assert.Equal("", empty.ToString());
    }

    [Fact]
    public void WhenOff_NoHeaderIsAdded()
    {
        var answer = new HeaderDictionary();

        new AuthResponseHeaders(new IdentityHeaderTable(HeaderOptions.Default)).Apply(answer, Session());

        Assert.DoesNotContain(answer, h => h.Key.Contains("Lanyard", StringComparison.Ordinal));
    }
}
