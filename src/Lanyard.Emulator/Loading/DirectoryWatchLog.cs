using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.Loading;

/// <summary>The directory watcher's log events (ids 9040-9049, beside <see cref="EmulatorLog"/>'s).</summary>
internal static partial class DirectoryWatchLog
{
    [LoggerMessage(EventId = 9040, Level = LogLevel.Information, Message = "Reloaded directory {Path}: {Tenants} tenants, {Users} users, {Applications} applications")]
    public static partial void DirectoryReloaded(this ILogger logger, string path, int tenants, int users, int applications);

    [LoggerMessage(EventId = 9041, Level = LogLevel.Warning, Message = "Directory file not reloaded, keeping the previous directory: {Problem}")]
    public static partial void DirectoryReloadFailed(this ILogger logger, string problem);
}
