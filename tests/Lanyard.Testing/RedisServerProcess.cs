namespace Lanyard.Testing;

/// <summary>
/// A real redis-server (Debian's) on 127.0.0.1 and a free port, with no persistence unless asked; ./test.sh
/// installs it. A missing server is a test failure with the install command, never a skip.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private TestProcess _process;

    private RedisServerProcess(int port, TestProcess process)
    {
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServerProcess> StartAsync()
    {
        var port = FreePort.Next();
        return new RedisServerProcess(port, await LaunchAsync(port));
    }

    /// <summary>Stops the server (sessions in memory are gone), for outage tests.</summary>
    public ValueTask StopAsync() => _process.DisposeAsync();

    /// <summary>Starts it again on the same port.</summary>
    public async Task RestartAsync() => _process = await LaunchAsync(Port);

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<TestProcess> LaunchAsync(int port)
    {
        if (!File.Exists("/usr/bin/redis-server"))
        {
            throw new InvalidOperationException("redis-server is not installed; run ./test.sh (it installs it) or: apt-get install -y redis-server");
        }

        var process = TestProcess.Start("/usr/bin/redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await process.WaitForOutputAsync("Ready to accept connections");
        return process;
    }
}
