using Lanyard.Authorization;
using Lanyard.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Lanyard.Tests.Authorization;

public sealed class AuthQueryConstraintsTests
{
    private static readonly UserIdentity Alice = new("alice", "alice@contoso.test", null, ["admins", "staff"], []);

    private static AccessDecision.Deny? Check(string query, UserIdentity? identity = null) =>
        AuthQueryConstraints.Check(new QueryCollection(QueryHelpers.ParseQuery(query)), identity ?? Alice);

    [Theory]
    [InlineData("")]
    [InlineData("?allowed_groups=admins")]
    [InlineData("?allowed_groups=nobody,staff")]
    [InlineData("?allowed_email_domains=contoso.test")]
    [InlineData("?allowed_emails=bob@contoso.test,ALICE@contoso.test")]
    [InlineData("?allowed_groups=admins&allowed_email_domains=*")]
    public void MatchingConstraints_Pass(string query) => Assert.Null(Check(query));

    [Theory]
    [InlineData("?allowed_groups=auditors", "allowed_groups (query)")]
    [InlineData("?allowed_email_domains=fabrikam.test", "allowed_email_domains (query)")]
    [InlineData("?allowed_emails=bob@contoso.test", "allowed_emails (query)")]
    [InlineData("?allowed_groups=admins&allowed_emails=bob@contoso.test", "allowed_emails (query)")]
    public void FailingConstraint_IsNamed(string query, string rule) => Assert.Equal(rule, Check(query)?.Rule);

    [Fact]
    public void UnresolvedGroups_SayWhy()
    {
        var denied = Check("?allowed_groups=auditors", Alice with { Groups = [], GroupsProblem = "Microsoft Graph answered 503" });
        Assert.Contains("503", denied?.Reason, StringComparison.Ordinal);
    }
}
