using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lanyard.Kubectl;

/// <summary>
/// The token cache (kubernetes-authn.md §3.6): one JSON file per (authority, tenant, client, server app, kind of
/// sign-in), each file only the user can read (0600), in a directory only the user can enter (0700) when Lanyard
/// makes it (an existing one keeps its mode: it may be the user's home), written to a
/// temporary file and renamed into place so a reader never sees half a file. Plain files on purpose: kubelogin's
/// keyring cache is what breaks in containers and CI (kubelogin#642, #762).
/// </summary>
internal sealed class TokenCache(string directory)
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Directory { get; } = directory;

    /// <summary>The default, <c>~/.kube/cache/lanyard/</c>, beside kubelogin's <c>~/.kube/cache/kubelogin/</c>.</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "cache", "lanyard");

    /// <summary>The file name of an entry: a hash, so ids never need escaping and the name says nothing about the user.</summary>
    public static string FileName(CacheKey key)
    {
        var text = string.Join('\n', key.Authority.TrimEnd('/').ToLowerInvariant(), key.Tenant.ToLowerInvariant(),
            key.ClientId.ToLowerInvariant(), key.ServerId.ToLowerInvariant(), key.Kind);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32] + ".json";
    }

    public string PathOf(CacheKey key) => Path.Combine(Directory, FileName(key));

    /// <summary>The cached token, or null when there is none or the file is unreadable (it is then ignored, not trusted).</summary>
    public IssuedToken? Read(CacheKey key)
    {
        try
        {
            using var stream = File.OpenRead(PathOf(key));
            var entry = JsonSerializer.Deserialize(stream, KubectlJsonContext.Default.TokenCacheEntry);
            if (entry?.AccessToken is not { Length: > 0 } access || entry.ExpiresOn is not { } expiresOn)
            {
                return null;
            }

            return new IssuedToken(access, entry.RefreshToken is { Length: > 0 } refresh ? refresh : null, DateTimeOffset.FromUnixTimeSeconds(expiresOn));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    public void Write(CacheKey key, IssuedToken token)
    {
        EnsureDirectory();
        var target = PathOf(key);
        var temporary = $"{target}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = FileMode;
            }

            using (var stream = new FileStream(temporary, options))
            {
                var entry = new TokenCacheEntry(key.Authority, key.Tenant, key.ClientId, key.ServerId, key.Kind,
                    token.AccessToken, token.RefreshToken, token.ExpiresAt.ToUnixTimeSeconds());
                JsonSerializer.Serialize(stream, entry, KubectlJsonContext.Default.TokenCacheEntry);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public void Remove(CacheKey key) => File.Delete(PathOf(key));

    /// <summary><c>remove-tokens</c>: every entry, lock and stray temporary file; the directory itself stays.</summary>
    public int Clear()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory).Where(f => f.EndsWith(".json", StringComparison.Ordinal)
            || f.EndsWith(".lock", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal)).ToList())
        {
            File.Delete(file);
            removed += file.EndsWith(".json", StringComparison.Ordinal) ? 1 : 0;
        }

        return removed;
    }

    /// <summary>
    /// An exclusive lock on the entry for the whole get-token run, so parallel kubectl runs wait for one sign-in and
    /// then read its result (kubelogin#740, int128/kubelogin#389). On Unix .NET takes it with flock, which the kernel
    /// releases when the process dies, so a killed run never leaves the cache locked.
    /// </summary>
    public async Task<IDisposable> LockAsync(CacheKey key, TimeSpan maximumWait, TimeProvider time, CancellationToken cancellationToken)
    {
        EnsureDirectory();
        var path = Path.ChangeExtension(PathOf(key), ".lock");
        var deadline = time.GetUtcNow() + maximumWait;
        while (true)
        {
            try
            {
                var options = new FileStreamOptions { Mode = System.IO.FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = FileMode;
                }

                return new FileStream(path, options);
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            }
            catch (IOException)
            {
                throw new SignInFailedException($"another sign-in holds {path} for longer than {maximumWait.TotalSeconds:0} s; remove it if no other get-token runs");
            }
        }
    }

    // Only a directory made here is made user-only: the directory may be one the user already has and shares
    // (--token-cache-dir ~, a project directory), whose mode is theirs to choose. Each entry, lock and temporary
    // file is created 0600 whatever the directory's mode, so the tokens stay the user's either way.
    private void EnsureDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
            return;
        }

        System.IO.Directory.CreateDirectory(Directory, DirectoryMode);
    }
}

/// <param name="Kind">"user" for device code and interactive sign-in (they share tokens), else the login mode.</param>
internal sealed record CacheKey(string Authority, string Tenant, string ClientId, string ServerId, string Kind);
