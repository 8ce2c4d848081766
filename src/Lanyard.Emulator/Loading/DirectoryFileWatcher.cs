using System.Security.Cryptography;
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
/// It polls the file's content (a SHA-256 of it, once a second) rather than using FileSystemWatcher: inotify
/// instances are a per-user limit that a busy machine (or a CI runner full of test hosts) exhausts, after which change
/// events simply stop; and modification times are too coarse (a few milliseconds) to tell two quick saves of the
/// same size apart. Reading one small file a second costs nothing and works on every file system.
/// </remarks>
internal sealed class DirectoryFileWatcher(EmulatorDirectory directory, IOptions<EntraEmulatorOptions> options, ILogger<DirectoryFileWatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private string? _startStamp;

    // The file as the emulator starts with it is stamped here, before the host reports itself started: ExecuteAsync
    // runs in the background, and a stamp taken there could already be of an edit made right after start-up.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.DirectoryFile))
        {
            _startStamp = Stamp(Path.GetFullPath(options.Value.DirectoryFile));
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.DirectoryFile))
        {
            return;
        }

        var path = Path.GetFullPath(options.Value.DirectoryFile);
        var loaded = _startStamp;
        var previous = loaded;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, stoppingToken);
                var current = Stamp(path);

                // Reload once the file has changed and then held still for one interval: an editor that writes in
                // several steps is read once, whole, and not half-way through.
                if (current is not null && !string.Equals(current, loaded, StringComparison.Ordinal) && string.Equals(current, previous, StringComparison.Ordinal))
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

    // Deleted, between an editor's delete and its write, or locked: null, and a later stamp brings the new file.
    private static string? Stamp(string path)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
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
}
