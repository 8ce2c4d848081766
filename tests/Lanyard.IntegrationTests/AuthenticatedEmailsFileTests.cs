using System.Net;
using Lanyard.Emulator;
using Lanyard.Testing;

namespace Lanyard.IntegrationTests;

/// <summary><c>authenticated_emails_file</c>: the addresses it lists may sign in besides <c>email_domains</c>, and an edit counts without a restart.</summary>
public sealed class AuthenticatedEmailsFileTests
{
    [Fact]
    public async Task ListedAddresses_SignIn_OthersAreRefusedNamingTheFile_AndAnEditCountsWithoutARestart()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Write("emails.txt", "# who may use the app\nALICE@contoso.test\n");
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s.Remove("email_domains");
            s["authenticated_emails_file"] = file;
        });
        using var alice = env.Browser();
        using var bob = env.Browser();

        var aliceLanding = await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName);
        var bobLanding = await bob.SignInAsync(DemoDirectory.BobUserPrincipalName);

        Assert.Equal(HttpStatusCode.OK, aliceLanding.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bobLanding.StatusCode);
        Assert.Contains("authenticated_emails_file", bobLanding.Body, StringComparison.Ordinal);

        // Bob is added and alice removed: alice's session stops passing, bob can sign in, with no restart.
        File.WriteAllText(file, "bob@contoso.test\n");
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddMinutes(1));
        await Poll.UntilAsync(
            async () => (await alice.GetAsync("/oauth2/auth", followRedirects: false)).StatusCode == HttpStatusCode.Forbidden,
            "alice refused after the file no longer lists her");
        using var bobAgain = env.Browser();
        Assert.Equal(HttpStatusCode.OK, (await bobAgain.SignInAsync(DemoDirectory.BobUserPrincipalName)).StatusCode);
    }

    [Fact]
    public async Task TheFile_AddsToEmailDomains()
    {
        using var directory = new TemporaryDirectory();
        var file = directory.Write("emails.txt", "bob@contoso.test\n");
        await using var env = await LanyardTestEnvironment.StartAsync(s =>
        {
            s["email_domains"] = new List<string> { "fabrikam.test" };
            s["authenticated_emails_file"] = file;
        });
        using var alice = env.Browser();
        using var bob = env.Browser();

        Assert.Equal(HttpStatusCode.OK, (await bob.SignInAsync(DemoDirectory.BobUserPrincipalName)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.SignInAsync(DemoDirectory.AliceUserPrincipalName)).StatusCode);
    }
}
