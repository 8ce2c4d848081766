using Lanyard.Authorization;
using Lanyard.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lanyard.Tests.Authorization;

public sealed class AuthenticatedEmailListTests
{
    [Fact]
    public void Parse_ReadsTheFirstFieldOfEachLine_AsOauth2ProxysCsvReaderDoes()
    {
        var text = "# staff\n  Alice@Contoso.test \n\nbob@fabrikam.test, Bob Builder\n\"carol@contoso.test\"\r\n#dave@contoso.test\n";

        Assert.Equal(["alice@contoso.test", "bob@fabrikam.test", "carol@contoso.test"], AuthenticatedEmailList.Parse(text));
    }

    [Fact]
    public void TheFile_IsReadAgainWhenItChanges_AndABrokenReadKeepsTheOldList()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("lanyard-emails-").FullName, "emails.txt");
        File.WriteAllText(path, "alice@contoso.test\n");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero));
        var options = new AccessOptions([], [], []) { AuthenticatedEmailsFile = path, AuthenticatedEmails = ["alice@contoso.test"] };
        var list = new AuthenticatedEmailList(options, time, NullLogger<AuthenticatedEmailList>.Instance);

        Assert.True(list.Contains("ALICE@contoso.test"));
        Assert.False(list.Contains("bob@contoso.test"));

        File.WriteAllText(path, "bob@contoso.test\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.False(list.Contains("bob@contoso.test")); // not looked at again yet
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(list.Contains("bob@contoso.test"));
        Assert.False(list.Contains("alice@contoso.test"));

        File.Delete(path);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(list.Contains("bob@contoso.test"));
    }

    [Fact]
    public void WithoutAFile_NobodyIsOnTheList()
    {
        var list = new AuthenticatedEmailList(new AccessOptions(["*"], [], []), TimeProvider.System, NullLogger<AuthenticatedEmailList>.Instance);

        Assert.False(list.IsConfigured);
        Assert.False(list.Contains("alice@contoso.test"));
    }
}
