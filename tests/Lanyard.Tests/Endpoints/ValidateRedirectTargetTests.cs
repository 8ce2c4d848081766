using Lanyard.Configuration;
using Lanyard.Endpoints;
using Lanyard.Testing;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Tests.Endpoints;

public sealed class ValidateRedirectTargetTests
{
    private static readonly HostString RequestHost = new("proxy.test");
    private readonly ValidateRedirectTarget _validate = new(new RedirectOptions([".example.com"]));

    public static TheoryData<string> OpenRedirects => [.. PayloadTables.Read("open-redirects.txt")];

    public static TheoryData<string> SafeRedirects => [.. PayloadTables.Read("safe-redirects.txt")];

    [Fact]
    public void PayloadTable_HasAtLeastFifteenAttacks() => Assert.True(OpenRedirects.Count >= 15);

    [Theory]
    [MemberData(nameof(OpenRedirects))]
    public void OpenRedirectPayload_IsRefused(string target) => Assert.Null(_validate.Validate(target, RequestHost));

    [Theory]
    [MemberData(nameof(SafeRedirects))]
    public void SameSiteOrWhitelistedTarget_IsKept(string target) => Assert.Equal(target, _validate.Validate(target, RequestHost));

    [Fact]
    public void RequestHostWithPort_AllowsThatPortOnly()
    {
        var host = new HostString("127.0.0.1:4180");
        Assert.NotNull(_validate.Validate("http://127.0.0.1:4180/app", host));
        Assert.Null(_validate.Validate("http://127.0.0.1:9999/app", host));
    }

    [Fact]
    public void WhitelistEntryWithPort_AllowsThatPort()
    {
        var validate = new ValidateRedirectTarget(new RedirectOptions(["apps.example.org:8443", "any.example.org:*"]));
        Assert.NotNull(validate.Validate("https://apps.example.org:8443/", RequestHost));
        Assert.Null(validate.Validate("https://apps.example.org/", RequestHost));
        Assert.NotNull(validate.Validate("https://any.example.org:1234/", RequestHost));
    }

    [Fact]
    public void ExactWhitelistEntry_DoesNotAllowSubdomains()
    {
        var validate = new ValidateRedirectTarget(new RedirectOptions(["example.org"]));
        Assert.NotNull(validate.Validate("https://example.org/", RequestHost));
        Assert.Null(validate.Validate("https://sub.example.org/", RequestHost));
    }

    [Fact]
    public void PlainHttpToThisHostFromAnHttpsSite_IsRefused()
    {
        // Issue 9, finding 9: a downgrade to plain text on the same host.
        Assert.Null(_validate.Validate("http://proxy.test/app", RequestHost, siteIsHttps: true));
        Assert.NotNull(_validate.Validate("https://proxy.test/app", RequestHost, siteIsHttps: true));
        Assert.NotNull(_validate.Validate("http://proxy.test/app", RequestHost, siteIsHttps: false));
        Assert.NotNull(_validate.Validate("/app", RequestHost, siteIsHttps: true));
    }

    [Theory]
    [InlineData("https://proxy.test", true)]
    [InlineData("https://apps.example.com", true)]
    [InlineData("https://evil.test", false)]
    [InlineData("https://proxy.test.evil.test", false)]
    [InlineData("javascript://proxy.test", false)]
    public void TrustedOrigin_IsThisHostOrAWhitelistedOne(string origin, bool trusted) =>
        Assert.Equal(trusted, _validate.IsTrustedOrigin(new Uri(origin), RequestHost));

    [Fact]
    public void EmptyOrMissingTarget_IsRefused()
    {
        Assert.Null(_validate.Validate(null, RequestHost));
        Assert.Null(_validate.Validate("", RequestHost));
    }

    [Theory]
    [InlineData("/café")]
    [InlineData("https://bücher.example.com/")]
    public void NonAsciiTarget_IsRefused_ForALocationHeaderMustBeAscii(string target) => Assert.Null(_validate.Validate(target, RequestHost));
}
