using Lanyard.Headers;
using Lanyard.Identity;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Tests.Headers;

public sealed class UpstreamIdentityHeadersTests
{
    private static readonly UserIdentity Alice = new("alice-sub", "alice@contoso.test", "alice@contoso.test", ["g1", "g2"], []);

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

    [Fact]
    public void VerifiedIdentity_ReplacesWhatTheClientSent()
    {
        var headers = new HeaderDictionary { ["X-Forwarded-User"] = "mallory", ["X_Forwarded_Email"] = "mallory@evil.test" };
        UpstreamIdentityHeaders.Apply(headers, Alice);
        Assert.Equal("alice-sub", headers["X-Forwarded-User"]);
        Assert.Equal("alice@contoso.test", headers["X-Forwarded-Email"]);
        Assert.Equal("g1,g2", headers["X-Forwarded-Groups"]);
        Assert.False(headers.ContainsKey("X_Forwarded_Email"));
    }

    [Fact]
    public void IdentityWithoutGroups_SendsNoGroupsHeader()
    {
        var headers = new HeaderDictionary { ["X-Forwarded-Groups"] = "admins" };
        UpstreamIdentityHeaders.Apply(headers, Alice with { Groups = [] });
        Assert.False(headers.ContainsKey("X-Forwarded-Groups"));
    }
}
