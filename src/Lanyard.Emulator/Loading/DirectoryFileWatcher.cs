using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lanyard.Emulator.Loading;

/// <summary>
/// Watches <see cref="EntraEmulatorOptions.DirectoryFile"/> and reloads the directory when it changes (issue 13:
/// edit users or app registrations without restarting the emulator). A file that no longer loads keeps the old
/// directory, and the log says why in one line, so a half-saved edit never takes the emulator down.
/// </summary>
/// <remarks>
/// It polls the file's size and modification time rather than using FileSystemWatcher: inotify instances are a
/// per-user limit that a busy machine (or a CI runner full of test hosts) exhausts, and then change events simply
/// stop. Polling one file once a second costs nothing and works on every file system, network mounts included.
/// </remarks>
internal sealed class DirectoryFileWatcher(EmulatorDirectory directory, IOptions<EntraEmulatorOptions> options, ILogger<DirectoryFileWatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.DirectoryFile))
        {
            return;
        }

        var path = Path.GetFullPath(options.Value.DirectoryFile);
        var loaded = Stamp(path);
        var previous = loaded;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, stoppingToken);
                var current = Stamp(path);

                // Reload once the file has changed and then held still for one interval: an editor that writes in
                // several steps is read once, whole, and not half-way through.
                if (current is not null && current != loaded && current == previous)
                {
                    loaded = current;
                    Reload(path);
                }

                previous = current;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Deleted, or between an editor's delete and its write: null, and the next stamp brings the new file.
    private static FileStamp? Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? new FileStamp(file.LastWriteTimeUtc, file.Length) : null;
    }

    private void Reload(string path)
    {
        try
        {
            var loaded = EmulatorDirectory.Load(path);
            directory.ReplaceWith(loaded);
            logger.DirectoryReloaded(path, loaded.Tenants.Count, loaded.Users.Count, loaded.Applications.Count);
        }
        catch (EmulatorDirectoryException e)
        {
            logger.DirectoryReloadFailed(OneLine(e.Message));
        }
    }

    // The loader lists every problem on its own line; the log gets them as one line, so one bad save is one line.
    private static string OneLine(string message) =>
        string.Join(" ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed record FileStamp(DateTime LastWriteTimeUtc, long Length);
}
