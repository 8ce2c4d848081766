using Lanyard.Configuration;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Tests.Configuration;

public sealed class CookieDomainTests
{
    private static SessionCookieOptions Options(params string[] domains)
    {
        Assert.True(CookieSecret.TryParse("0123456789abcdef0123456789abcdef", out var secret, out _));
        return new SessionCookieOptions("_oauth2_proxy", secret!, "/", TimeSpan.FromHours(1), TimeSpan.Zero, true, true, SameSiteMode.Lax, TimeSpan.FromMinutes(15), Domains: domains);
    }

    [Theory]
    [InlineData("app.example.com", ".example.com")]
    [InlineData("app.corp.example.com", ".corp.example.com")]
    [InlineData("example.com", ".example.com")]
    [InlineData("other.test:8443", ".example.com")]
    public void LongestDomainContainingTheHost_Wins_ElseTheShortest(string host, string expected) =>
        Assert.Equal(expected, Options(".example.com", ".corp.example.com").DomainFor(new HostString(host)));

    [Fact]
    public void NoDomains_MeansAHostOnlyCookie() => Assert.Null(Options().DomainFor(new HostString("app.example.com")));

    [Fact]
    public void SessionAndSignInCookies_CarryTheDomain()
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("app.example.com");
        var options = Options(".example.com");
        Assert.Equal(".example.com", options.SessionCookie(context.Request, null).Domain);
        Assert.Equal(".example.com", options.SignInCookie(context.Request, null).Domain);
    }
}
