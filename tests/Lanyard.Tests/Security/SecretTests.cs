using Lanyard.Security;

namespace Lanyard.Tests.Security;

public sealed class SecretTests
{
    [Fact]
    public void Secret_NeverPrintsItsValue()
    {
        var secret = new Secret("hunter2");
        Assert.Equal("[redacted]", secret.ToString());
        Assert.DoesNotContain("hunter2", $"{new { Secret = secret }}", StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_MatchesOnlyItsValue()
    {
        var secret = new Secret("hunter2");
        Assert.True(secret.Matches("hunter2"));
        Assert.False(secret.Matches("hunter3"));
        Assert.False(secret.Matches("hunter"));
        Assert.False(secret.Matches(null));
    }

    [Fact]
    public void PkceChallenge_FollowsRfc7636AppendixB() =>
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", RandomTokens.S256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
}
