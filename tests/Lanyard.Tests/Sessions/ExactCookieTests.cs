using Lanyard.Sessions;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Tests.Sessions;

/// <summary>Issue 9, finding 8: Lanyard's cookies are read by their exact name, and one name with two values is refused.</summary>
public sealed class ExactCookieTests
{
    private static HttpRequest Request(params string[] cookieHeaders)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = cookieHeaders;
        return context.Request;
    }

    [Fact]
    public void Pairs_AreReadInOrder_WithSpacesAndEmptyPairsIgnored()
    {
        var names = new List<string>();
        foreach (var pair in new CookiePairs(new Microsoft.Extensions.Primitives.StringValues(["a=1;  b=2 ;;c", "d=4=4"])))
        {
            names.Add($"{pair.Name}:{pair.Value}");
        }

        Assert.Equal(["a:1", "b:2", "c:", "d:4=4"], names);
    }

    [Fact]
    public void SessionCookie_IsFoundByItsExactNameOnly()
    {
        Assert.Equal("v", ChunkedCookies.Read(Request("_OAUTH2_PROXY=x; _oauth2_proxy=v"), "_oauth2_proxy"));
        Assert.Null(ChunkedCookies.Read(Request("_OAUTH2_PROXY=x"), "_oauth2_proxy"));
    }

    [Fact]
    public void TwoDifferentValuesForTheName_AreAmbiguous()
    {
        Assert.Throws<AmbiguousSessionCookieException>(() => ChunkedCookies.Read(Request("_oauth2_proxy=a; _oauth2_proxy=b"), "_oauth2_proxy"));
        Assert.Throws<AmbiguousSessionCookieException>(() => ChunkedCookies.Read(Request("_oauth2_proxy=a", "_oauth2_proxy=b"), "_oauth2_proxy"));
        Assert.Throws<AmbiguousSessionCookieException>(() => ChunkedCookies.Read(Request("_oauth2_proxy_0=a; _oauth2_proxy_0=b"), "_oauth2_proxy"));
        Assert.Equal("a", ChunkedCookies.Read(Request("_oauth2_proxy=a; _oauth2_proxy=a"), "_oauth2_proxy"));
    }

    [Fact]
    public void Parts_AreJoinedByNumber_UpToTheFirstGap()
    {
        Assert.Equal("abc", ChunkedCookies.Read(Request("_oauth2_proxy_2=c; _oauth2_proxy_0=a; _oauth2_proxy_1=b"), "_oauth2_proxy"));
        Assert.Equal("a", ChunkedCookies.Read(Request("_oauth2_proxy_0=a; _oauth2_proxy_2=c"), "_oauth2_proxy"));
        Assert.Null(ChunkedCookies.Read(Request("_oauth2_proxy_1=b"), "_oauth2_proxy"));
        Assert.Null(ChunkedCookies.Read(Request("_oauth2_proxy_00=a"), "_oauth2_proxy"));
    }

    [Fact]
    public void AFoundValue_IsSlicesOfTheHeader_HashedAsTheJoinedValue()
    {
        var header = "theme=dark; _oauth2_proxy_1=def; _oauth2_proxy_0=abc";
        var parts = ChunkedCookies.Find(Request(header), "_oauth2_proxy");
        var whole = ChunkedCookies.Find(Request("_oauth2_proxy=abcdef"), "_oauth2_proxy");

        Assert.Equal(2, parts.PartCount);
        Assert.Equal(6, parts.Length);
        Assert.Equal("abcdef", parts.ToStringOrNull());
        Assert.True(System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(parts.Part(0)),
            ref System.Runtime.CompilerServices.Unsafe.AsRef(in header.AsSpan()[header.LastIndexOf("abc", StringComparison.Ordinal)]))); // not a copy
        Assert.Equal(DecodedSessionCache.KeyFor(whole), DecodedSessionCache.KeyFor(parts));
        Assert.NotEqual(DecodedSessionCache.KeyFor(whole), DecodedSessionCache.KeyFor(ChunkedCookies.Find(Request("_oauth2_proxy=abcdeg"), "_oauth2_proxy")));
        Assert.True(ChunkedCookies.Find(Request("other=1"), "_oauth2_proxy").IsMissing);
        Assert.Null(ChunkedCookies.Find(Request("_oauth2_proxy="), "_oauth2_proxy").ToStringOrNull());
    }
}
