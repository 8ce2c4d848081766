using System.Globalization;

namespace Lanyard.Testing;

/// <summary>
/// A real redis-sentinel (Debian's) on 127.0.0.1 watching one master, quick to declare it down (1 s) so failover
/// tests finish in seconds. Its configuration file lives in a directory of its own: Sentinel rewrites it.
/// </summary>
public sealed class RedisSentinelProcess : IAsyncDisposable
{
    private readonly string _directory;
    private readonly TestProcess _process;

    private RedisSentinelProcess(int port, string directory, TestProcess process)
    {
        Port = port;
        _directory = directory;
        _process = process;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public string Output => _process.Output;

    /// <param name="port">Where it listens; a free port when not given.</param>
    public static async Task<RedisSentinelProcess> StartAsync(string masterName, int masterPort, int? port = null)
    {
        port ??= FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("lanyard-sentinel-").FullName;
        var configuration = Path.Combine(directory, "sentinel.conf");
        await File.WriteAllTextAsync(configuration, string.Create(CultureInfo.InvariantCulture, $"""
            port {port}
            bind 127.0.0.1
            dir {directory}
            sentinel monitor {masterName} 127.0.0.1 {masterPort} 1
            sentinel down-after-milliseconds {masterName} 1000
            sentinel failover-timeout {masterName} 5000
            sentinel parallel-syncs {masterName} 1

            """));
        var process = await RedisServerProcess.LaunchAsync("/usr/bin/redis-sentinel", [configuration], ready: "+monitor master " + masterName);
        return new RedisSentinelProcess(port.Value, directory, process);
    }

    /// <summary>Waits until the sentinel has made another server master (its log says +switch-master).</summary>
    public Task WaitForFailoverAsync() => _process.WaitForOutputAsync("+switch-master", TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
