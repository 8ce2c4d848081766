using Lanyard.ForwardAuth;
using Lanyard.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Lanyard.Tests.ForwardAuth;

/// <summary>How each gateway's way of naming the original request becomes the request the rules judge.</summary>
public sealed class OriginalRequestTests
{
    private static DefaultHttpContext Envoy(string rawTarget, string method = "GET")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("app.example.test");
        var question = rawTarget.IndexOf('?');
        context.Request.Path = Uri.UnescapeDataString(question < 0 ? rawTarget : rawTarget[..question]);
        context.Request.QueryString = new QueryString(question < 0 ? "" : rawTarget[question..]);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        return context;
    }

    [Theory]
    [InlineData("/oauth2/auth/admin/users?tab=2", "/admin/users?tab=2", "/admin/users")]
    [InlineData("/oauth2/auth/", "/", "/")]
    [InlineData("/oauth2/auth/public/%2e%2e/admin", "/public/%2e%2e/admin", "/admin")]
    // Decoded once, as the upstream decodes it: %252e is the text "%2e", not a dot.
    [InlineData("/oauth2/auth/public/%252e%252e/admin", "/public/%252e%252e/admin", "/public/%2e%2e/admin")]
    [InlineData("/OAUTH2/AUTH/x", "/x", "/x")]
    public void EnvoyPathPrefix_TheRawTargetAfterThePrefix_IsTheOriginal(string rawTarget, string pathAndQuery, string judgedPath)
    {
        var original = OriginalRequest.FromPathPrefix(Envoy(rawTarget, "DELETE"), "/oauth2/auth");

        Assert.Equal(pathAndQuery, original.PathAndQuery);
        Assert.Equal(judgedPath, original.Path);
        Assert.Equal("DELETE", original.Method);
        Assert.Equal($"https://app.example.test{pathAndQuery}", original.Url);
    }

    [Fact]
    public void EnvoyPathPrefix_WithoutAPathAfterThePrefix_NamesNoPath()
    {
        var original = OriginalRequest.FromPathPrefix(Envoy("/oauth2/authx"), "/oauth2/auth");

        Assert.Null(original.Path);
        Assert.Null(original.Url);
    }

    [Theory]
    [InlineData("/reports?q=1", "/reports?q=1")]
    // An absolute URI keeps its path and query only: it must not move the host a sign-in returns to.
    [InlineData("https://evil.test/reports?q=1", "/reports?q=1")]
    [InlineData("//evil.test/reports", null)]
    [InlineData("javascript:alert(1)", null)]
    public void ForwardedHeaders_TakeThePathAndQueryOfTheTrustedUri(string forwardedUri, string? pathAndQuery)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("app.example.test");
        ForwardedUri.Set(context, forwardedUri, "POST");

        var original = OriginalRequest.FromForwardedHeaders(context);

        Assert.Equal(pathAndQuery, original.PathAndQuery);
        Assert.Equal("POST", original.Method);
        Assert.Equal(pathAndQuery is null ? null : "https://app.example.test" + pathAndQuery, original.Url);
    }

    [Fact]
    public void ForwardedHeaders_WithoutATrustedUri_NameNoPath_AndKeepTheRequestsMethod()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "HEAD";

        var original = OriginalRequest.FromForwardedHeaders(context);

        Assert.Null(original.Path);
        Assert.Equal("HEAD", original.Method);
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("M-SEARCH", true)]
    [InlineData("GET /admin", false)]
    [InlineData("", false)]
    [InlineData("GET\r\nX: 1", false)]
    public void ForwardedMethods_MustBeHttpTokens(string method, bool valid) => Assert.Equal(valid, HttpMethodToken.IsValid(method));
}
