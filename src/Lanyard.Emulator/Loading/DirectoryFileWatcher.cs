using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lanyard.Emulator.Loading;

/// <summary>
/// Watches <see cref="EntraEmulatorOptions.DirectoryFile"/> and reloads the directory when it changes (issue 13:
/// edit users or app registrations without restarting the emulator). A file that no longer loads keeps the old
/// directory, and the log says why in one line, so a half-saved edit never takes the emulator down.
/// </summary>
internal sealed class DirectoryFileWatcher(EmulatorDirectory directory, IOptions<EntraEmulatorOptions> options, ILogger<DirectoryFileWatcher> logger)
    : BackgroundService
{
    // Editors write a file in several steps (truncate, write, rename); waiting for the events to settle reads it once, whole.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.DirectoryFile))
        {
            return;
        }

        var path = Path.GetFullPath(options.Value.DirectoryFile);

        // The folder, not the file, is watched: an editor that saves by renaming a new file over the old one replaces
        // the file's inode, and a watch on the file itself would go quiet after the first save.
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += (_, _) => _changes.Writer.TryWrite(true);
        watcher.Created += (_, _) => _changes.Writer.TryWrite(true);
        watcher.Renamed += (_, _) => _changes.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;
        try
        {
            while (await _changes.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(Settle, stoppingToken);
                while (_changes.Reader.TryRead(out _))
                {
                }

                Reload(path);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Reload(string path)
    {
        if (!File.Exists(path))
        {
            // Deleted, or between an editor's delete and its write: the next event brings the new file.
            return;
        }

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
        string.Join("; ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Replace(":;", ":", StringComparison.Ordinal);
}
