using System.Diagnostics;
using Lanyard.Emulator.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Tests;

/// <summary><c>--directory FILE</c> is watched (issue 13): a good edit replaces the directory, a broken one is logged and ignored.</summary>
public sealed class DirectoryReloadTests : IDisposable
{
    // File events arrive on the machine's own schedule; generous, since the machine is shared.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("lanyard-reload-").FullName;

    private string File => Path.Combine(_folder, "directory.json");

    [Fact]
    public async Task AnEditThatLoads_ReplacesTheDirectory_WithoutARestart()
    {
        await System.IO.File.WriteAllTextAsync(File, Document("dana"), TestContext.Current.CancellationToken);
        var log = new LogLines();
        await using var emulator = await StartAsync(log);
        Assert.NotNull(emulator.Directory.FindUser("dana@example.test"));

        await System.IO.File.WriteAllTextAsync(File, Document("erik"), TestContext.Current.CancellationToken);
        await EventuallyAsync(() => emulator.Directory.FindUser("erik@example.test") is not null);

        Assert.Null(emulator.Directory.FindUser("dana@example.test"));
        Assert.Contains(log.Lines, l => l.EventId == 9040 && l.Message.Contains(File, StringComparison.Ordinal));
        var flow = new CodeFlow { Tenant = "example.test", ClientId = ClientId, ClientSecret = "s3", RedirectUri = "https://app.example.test/cb" };
        var tokens = await emulator.SignInAndRedeemAsync(flow, "erik@example.test");
        Assert.Equal("erik@example.test", Jwt.Parse(tokens.GetProperty("id_token").GetString()!).Claim("preferred_username"));
    }

    [Fact]
    public async Task AnEditThatIsRenamedOverTheFile_IsPickedUpToo()
    {
        await System.IO.File.WriteAllTextAsync(File, Document("dana"), TestContext.Current.CancellationToken);
        var log = new LogLines();
        await using var emulator = await StartAsync(log);

        // What vim and most editors do: write a new file, then rename it over the old one.
        var written = Path.Combine(_folder, "directory.json.swp");
        await System.IO.File.WriteAllTextAsync(written, Document("erik"), TestContext.Current.CancellationToken);
        System.IO.File.Move(written, File, overwrite: true);

        await EventuallyAsync(() => emulator.Directory.FindUser("erik@example.test") is not null, log);
    }

    [Theory]
    [InlineData("{ \"tenants\": [ ")]
    [InlineData("{ \"tenants\": [ { \"id\": \"not-a-guid\", \"domain\": \"example.test\" } ] }")]
    public async Task ABrokenEdit_KeepsTheOldDirectory_AndLogsOneLineNamingTheError(string broken)
    {
        await System.IO.File.WriteAllTextAsync(File, Document("dana"), TestContext.Current.CancellationToken);
        var log = new LogLines();
        await using var emulator = await StartAsync(log);

        await System.IO.File.WriteAllTextAsync(File, broken, TestContext.Current.CancellationToken);
        await EventuallyAsync(() => log.Lines.Any(l => l.EventId == 9041));

        var line = Assert.Single(log.Lines, l => l.EventId == 9041).Message;
        Assert.DoesNotContain('\n', line);
        Assert.Contains(File, line, StringComparison.Ordinal);
        Assert.Contains("invalid", line, StringComparison.Ordinal);
        Assert.NotNull(emulator.Directory.FindUser("dana@example.test"));
        var flow = new CodeFlow { Tenant = "example.test", ClientId = ClientId, ClientSecret = "s3", RedirectUri = "https://app.example.test/cb" };
        await emulator.SignInAndRedeemAsync(flow, "dana@example.test");
    }

    [Fact]
    public async Task AfterABrokenEdit_AFixedOne_LoadsAgain()
    {
        await System.IO.File.WriteAllTextAsync(File, Document("dana"), TestContext.Current.CancellationToken);
        var log = new LogLines();
        await using var emulator = await StartAsync(log);
        await System.IO.File.WriteAllTextAsync(File, "{", TestContext.Current.CancellationToken);
        await EventuallyAsync(() => log.Lines.Any(l => l.EventId == 9041));

        await System.IO.File.WriteAllTextAsync(File, Document("erik"), TestContext.Current.CancellationToken);

        await EventuallyAsync(() => emulator.Directory.FindUser("erik@example.test") is not null);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string ClientId = "1b2c3d4e-0000-4000-8000-000000000003";

    private Task<EmulatorHarness> StartAsync(LogLines log) => EmulatorHarness.StartAsync(
        options: new EntraEmulatorOptions { DirectoryFile = File },
        customize: b => b.Services.AddSingleton<ILoggerProvider>(log));

    private static string Document(string user) => $$"""
        {
          "tenants": [ { "id": "1b2c3d4e-0000-4000-8000-000000000001", "domain": "example.test" } ],
          "users": [ { "objectId": "1b2c3d4e-0000-4000-8000-000000000002", "tenantId": "1b2c3d4e-0000-4000-8000-000000000001",
                       "userPrincipalName": "{{user}}@example.test", "displayName": "{{user}}" } ],
          "applications": [ { "clientId": "{{ClientId}}", "homeTenantId": "1b2c3d4e-0000-4000-8000-000000000001",
                              "redirectUris": ["https://app.example.test/cb"], "clientSecrets": ["s3"] } ]
        }
        """;

    private static async Task EventuallyAsync(Func<bool> condition, LogLines? log = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, "the change was not seen in time; log: " + string.Join(" | ", log?.Lines.Select(l => l.Message) ?? []));
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
