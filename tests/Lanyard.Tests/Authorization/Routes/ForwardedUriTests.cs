using Lanyard.Pipeline;

namespace Lanyard.Tests.Authorization.Routes;

/// <summary>How the URL a forward-auth gateway names (<c>X-Forwarded-Uri</c>) becomes the path the route rules judge.</summary>
public sealed class ForwardedUriTests
{
    [Theory]
    [InlineData("/health", "/health")]
    [InlineData("/health?x=1", "/health")]
    [InlineData("/health#frag", "/health")]
    [InlineData("/public%23/x", "/public#/x")]
    [InlineData("/public/%2e%2e/admin", "/admin")]
    [InlineData("/public/../admin/", "/admin/")]
    [InlineData("/a/./b/..", "/a/")]
    [InlineData("/../../etc", "/etc")]
    [InlineData("https://app.test/p/q?x", "/p/q")]
    public void PathOf_DropsQueryAndFragment_DecodesAndResolvesDotSegments(string uri, string path) =>
        Assert.Equal(path, ForwardedUri.PathOf(uri));

    [Theory]
    [InlineData("health")]
    [InlineData("//evil.test/health")]
    [InlineData("ftp://app.test/health")]
    public void PathOf_IsNull_ForWhatIsNotAPath(string uri) => Assert.Null(ForwardedUri.PathOf(uri));
}
