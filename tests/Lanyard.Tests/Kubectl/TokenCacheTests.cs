using Lanyard.Kubectl;
using Lanyard.Testing;

namespace Lanyard.Tests.Kubectl;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TokenCacheTests
{
    private static readonly CacheKey Key = new("http://127.0.0.1:4181", "contoso.test", "client", "server", "user");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Key_DiffersByEveryPart_AndIgnoresCaseAndATrailingSlash()
    {
        var names = new[]
        {
            Key, Key with { Authority = "https://login.microsoftonline.us" }, Key with { Tenant = "fabrikam.test" },
            Key with { ClientId = "other" }, Key with { ServerId = "other" }, Key with { Kind = "spn" },
        }.Select(TokenCache.FileName).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal(TokenCache.FileName(Key), TokenCache.FileName(Key with { Authority = "HTTP://127.0.0.1:4181/", ClientId = "CLIENT" }));
        Assert.Matches("^[0-9a-f]{32}\\.json$", names[0]);
    }

    [Fact]
    public void Entry_RoundTrips_InAUserOnlyFileInAUserOnlyDirectory_WithNoTemporaryFileLeft()
    {
        using var temporary = new TemporaryDirectory();
        var directory = Path.Combine(temporary.Path, "cache");
        var cache = new TokenCache(directory);
        var token = new IssuedToken("access", "refresh", DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

        cache.Write(Key, token);

        Assert.Equal(token, cache.Read(Key));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cache.PathOf(Key)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal([cache.PathOf(Key)], Directory.GetFiles(directory));
    }

    [Fact]
    public void AnExistingDirectory_KeepsItsMode_AndOnlyTheEntryIsUserOnly()
    {
        // --token-cache-dir ~ : the user's home is theirs, and must not become 0700 because tokens were cached in it.
        using var temporary = new TemporaryDirectory();
        var directory = Directory.CreateDirectory(Path.Combine(temporary.Path, "home")).FullName;
        var shared = (UnixFileMode)0b111_101_101;
        File.SetUnixFileMode(directory, shared);
        var cache = new TokenCache(directory);

        cache.Write(Key, new IssuedToken("a", null, DateTimeOffset.FromUnixTimeSeconds(1)));

        Assert.Equal(shared, File.GetUnixFileMode(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cache.PathOf(Key)));
    }

    [Fact]
    public async Task ADirectoryItMakes_IsUserOnly_AndSoIsTheLockFile()
    {
        using var temporary = new TemporaryDirectory();
        var directory = Path.Combine(temporary.Path, "made", "cache");
        var cache = new TokenCache(directory);

        using (await cache.LockAsync(Key, TimeSpan.FromSeconds(1), TimeProvider.System, Ct))
        {
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Assert.Single(Directory.GetFiles(directory, "*.lock"))));
    }

    [Fact]
    public async Task Rewrite_ReplacesTheWholeFile_AndAReaderNeverSeesPartOfOne()
    {
        using var temporary = new TemporaryDirectory();
        var cache = new TokenCache(temporary.Path);
        cache.Write(Key, new IssuedToken(new string('a', 100_000), "r1", DateTimeOffset.FromUnixTimeSeconds(1)));
        var inode = new FileInfo(cache.PathOf(Key));
        var seen = new List<IssuedToken?>();
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                seen.Add(cache.Read(Key));
            }
        }, Ct);

        for (var i = 0; i < 50; i++)
        {
            cache.Write(Key, new IssuedToken(new string((char)('b' + (i % 20)), 100_000), $"r{i}", DateTimeOffset.FromUnixTimeSeconds(2)));
        }

        await reader;
        Assert.All(seen, token => Assert.True(token is not null && token.AccessToken.Distinct().Count() == 1));
        Assert.True(inode.Exists);
    }

    [Fact]
    public async Task UnreadableOrForeignFiles_AreIgnored_AndClearRemovesEntriesAndLocks()
    {
        using var temporary = new TemporaryDirectory();
        var cache = new TokenCache(temporary.Path);
        File.WriteAllText(cache.PathOf(Key), "{ half a file");
        Assert.Null(cache.Read(Key));

        cache.Write(Key, new IssuedToken("a", null, DateTimeOffset.FromUnixTimeSeconds(1)));
        File.WriteAllText(Path.Combine(temporary.Path, "keep.txt"), "not ours");
        using (await cache.LockAsync(Key, TimeSpan.FromSeconds(1), TimeProvider.System, Ct))
        {
        }

        Assert.Equal(1, cache.Clear());
        Assert.Equal([Path.Combine(temporary.Path, "keep.txt")], Directory.GetFiles(temporary.Path));
    }

    [Fact]
    public async Task Lock_IsExclusive_AndASecondWaiterGivesUpAfterItsBound()
    {
        using var temporary = new TemporaryDirectory();
        var cache = new TokenCache(temporary.Path);
        using var held = await cache.LockAsync(Key, TimeSpan.FromSeconds(1), TimeProvider.System, Ct);

        var waiting = await Assert.ThrowsAsync<SignInFailedException>(() => cache.LockAsync(Key, TimeSpan.FromMilliseconds(300), TimeProvider.System, Ct));
        using var otherEntry = await cache.LockAsync(Key with { ServerId = "other" }, TimeSpan.FromSeconds(1), TimeProvider.System, Ct);

        Assert.Contains("another sign-in holds", waiting.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lock_IsTakenAsSoonAsTheHolderReleasesIt()
    {
        using var temporary = new TemporaryDirectory();
        var cache = new TokenCache(temporary.Path);
        var held = await cache.LockAsync(Key, TimeSpan.FromSeconds(1), TimeProvider.System, Ct);

        var second = cache.LockAsync(Key, TimeSpan.FromSeconds(10), TimeProvider.System, Ct);
        await Task.Delay(250, Ct);
        Assert.False(second.IsCompleted);
        held.Dispose();

        (await second.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
    }
}
