using Lanyard.Authorization.Htpasswd;

namespace Lanyard.Tests.Authorization;

/// <summary>htpasswd files: bcrypt entries (as htpasswd -B writes, $2y$) verify; every weaker scheme is refused by line.</summary>
public sealed class HtpasswdUsersTests
{
    private static readonly string Hash = BCrypt.Net.BCrypt.HashPassword("s3cret pass", workFactor: 4).Replace("$2a$", "$2y$", StringComparison.Ordinal);

    [Fact]
    public void ABcryptEntry_VerifiesItsPassword_AndNoOther()
    {
        var (users, problems) = HtpasswdUsers.Parse($"# comment\n\nalice:{Hash}\r\n");

        Assert.Empty(problems);
        Assert.Equal(1, users!.Count);
        Assert.True(users.Verify("alice", "s3cret pass"));
        Assert.False(users.Verify("alice", "s3cret pas"));
        Assert.False(users.Verify("Alice", "s3cret pass"));
        Assert.False(users.Verify("bob", "s3cret pass"));
    }

    [Theory]
    [InlineData("alice:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=", "line 1 (alice) is a {SHA} hash; Lanyard takes bcrypt only (htpasswd -B)")]
    [InlineData("alice:$apr1$abc$def", "line 1 (alice) is not a bcrypt hash; create it with htpasswd -B")]
    [InlineData("alice:plaintext", "line 1 (alice) is not a bcrypt hash")]
    [InlineData("no colon here", "line 1 is not user:hash")]
    [InlineData("# only a comment", "has no user:hash line")]
    public void AnEntryThatIsNotBcrypt_IsRefused_NamingItsLine(string text, string problem)
    {
        var (users, problems) = HtpasswdUsers.Parse(text);

        Assert.Null(users);
        Assert.StartsWith(problem, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void AUserTwice_IsRefused_AndNoHashIsEverInAProblem()
    {
        var (_, problems) = HtpasswdUsers.Parse($"alice:{Hash}\nalice:{Hash}\nbob:{{SHA}}W6ph5Mm5Pz8GgiULbPgzG37mj9g=");

        Assert.Equal(["line 2 names alice a second time", "line 3 (bob) is a {SHA} hash; Lanyard takes bcrypt only (htpasswd -B), as SHA-1 is too fast to guard a password"], problems);
        Assert.DoesNotContain(problems, p => p.Contains(Hash[7..], StringComparison.Ordinal) || p.Contains("W6ph5", StringComparison.Ordinal));
    }

    [Fact]
    public void TheFingerprint_ChangesWithThePassword_AndIsNullForAnUnknownUser()
    {
        var other = BCrypt.Net.BCrypt.HashPassword("new pass", workFactor: 4);
        var before = HtpasswdUsers.Parse($"alice:{Hash}").Users!;
        var after = HtpasswdUsers.Parse($"alice:{other}").Users!;

        Assert.Equal(before.Fingerprint("alice"), HtpasswdUsers.Parse($"alice:{Hash}").Users!.Fingerprint("alice"));
        Assert.NotEqual(before.Fingerprint("alice"), after.Fingerprint("alice"));
        Assert.Null(before.Fingerprint("bob"));
        Assert.DoesNotContain(Hash[7..], before.Fingerprint("alice")!, StringComparison.Ordinal);
    }

    [Fact]
    public void AFormSession_EndsWhenThePasswordChanges_OrTheUserLeaves_OrHtpasswdIsOff()
    {
        var before = new Lanyard.Configuration.HtpasswdOptions("/etc/users", HtpasswdUsers.Parse($"alice:{Hash}").Users!, ["ops"], false);
        var now = DateTimeOffset.UnixEpoch;
        var ticket = new Lanyard.Sessions.SessionTicket(before.IdentityOf("alice"), now, now.AddHours(1), new Lanyard.Sessions.SessionTokens(null, null, null, null), Binding: before.BindingOf("alice"));
        var newPassword = before with { Users = HtpasswdUsers.Parse($"alice:{BCrypt.Net.BCrypt.HashPassword("other", workFactor: 4)}").Users! };
        var userGone = before with { Users = HtpasswdUsers.Parse($"bob:{Hash}").Users! };

        Assert.Null(Lanyard.Configuration.HtpasswdOptions.Unbound(before, ticket));
        Assert.Equal("the session's user left htpasswd_file or has a new password", Lanyard.Configuration.HtpasswdOptions.Unbound(newPassword, ticket));
        Assert.Equal("the session's user left htpasswd_file or has a new password", Lanyard.Configuration.HtpasswdOptions.Unbound(userGone, ticket));
        Assert.Equal("the session was made with htpasswd_file, which is no longer configured", Lanyard.Configuration.HtpasswdOptions.Unbound(null, ticket));
    }
}
