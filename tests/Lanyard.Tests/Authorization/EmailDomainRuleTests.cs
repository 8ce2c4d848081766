using Lanyard.Authorization;

namespace Lanyard.Tests.Authorization;

public sealed class EmailDomainRuleTests
{
    [Theory]
    [InlineData("*", "anyone@anywhere.test", true)]
    [InlineData("*", null, true)]
    [InlineData("contoso.test", "alice@contoso.test", true)]
    [InlineData("contoso.test", "Alice@CONTOSO.test", true)]
    [InlineData("contoso.test", "alice@sub.contoso.test", false)]
    [InlineData("contoso.test", "alice@evilcontoso.test", false)]
    [InlineData("contoso.test", "alice@contoso.test@evil.test", false)]
    [InlineData("contoso.test", "contoso.test", false)]
    [InlineData("contoso.test", null, false)]
    [InlineData(".contoso.test", "alice@sub.contoso.test", true)]
    [InlineData(".contoso.test", "alice@contoso.test", true)]
    [InlineData("*.contoso.test", "alice@deep.sub.contoso.test", true)]
    [InlineData("*.contoso.test", "alice@evilcontoso.test", false)]
    public void EmailDomain_IsMatchedAsOauth2ProxyDoes(string domain, string? email, bool allowed) =>
        Assert.Equal(allowed, new EmailDomainRule([domain]).Allows(email));
}
