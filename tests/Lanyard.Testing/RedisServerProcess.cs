using System.Globalization;

namespace Lanyard.Testing;

/// <summary>
/// A real redis-server (Debian's) on 127.0.0.1 and a free port; ./test.sh installs it. Without persistence unless
/// asked: a durable server appends every write to its AOF file and fsyncs it, so a stop (even a kill) loses nothing
/// it acknowledged. A missing server is a test failure with the install command, never a skip.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private readonly string _dataDirectory;
    private TestProcess _process;

    private RedisServerProcess(int port, string[] arguments, string dataDirectory, TestProcess process)
    {
        Port = port;
        _arguments = arguments;
        _dataDirectory = dataDirectory;
        _process = process;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public string Output => _process.Output;

    /// <param name="durable">Append-only file with fsync on every write, in a directory of its own.</param>
    /// <param name="extraArguments">More redis-server options (<c>--replicaof</c>, <c>--cluster-enabled</c>, …).</param>
    public static Task<RedisServerProcess> StartAsync(bool durable = false, params string[] extraArguments) =>
        StartAsync(FreePort.Next(), durable, extraArguments);

    /// <summary>A server that speaks only TLS, on <see cref="Port"/>, with this certificate and key (PEM files); clients need no certificate.</summary>
    public static Task<RedisServerProcess> StartWithTlsAsync(string certificateFile, string keyFile)
    {
        var port = FreePort.Next();
        return StartAsync(port, durable: false,
            ["--port", "0", "--tls-port", port.ToString(CultureInfo.InvariantCulture),
            "--tls-cert-file", certificateFile, "--tls-key-file", keyFile, "--tls-auth-clients", "no"]);
    }

    private static async Task<RedisServerProcess> StartAsync(int port, bool durable, string[] extraArguments)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("lanyard-redis-").FullName;
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dataDirectory, "--save", "",
            .. durable ? ["--appendonly", "yes", "--appendfsync", "always"] : (string[])["--appendonly", "no"],
            .. extraArguments,
        ];
        return new RedisServerProcess(port, arguments, dataDirectory, await LaunchAsync(RedisServer, arguments));
    }

    /// <summary>Stops the server; what it keeps depends on <c>durable</c>.</summary>
    public ValueTask StopAsync() => _process.DisposeAsync();

    /// <summary>Starts it again on the same port, with the same files.</summary>
    public async Task RestartAsync() => _process = await LaunchAsync(RedisServer, _arguments);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    internal const string RedisServer = "/usr/bin/redis-server";

    internal static async Task<TestProcess> LaunchAsync(string executable, IEnumerable<string> arguments, string ready = "Ready to accept connections")
    {
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is not installed; run ./test.sh (it installs it) or: apt-get install -y redis-server redis-sentinel");
        }

        var process = TestProcess.Start(executable, arguments);
        await process.WaitForOutputAsync(ready);
        return process;
    }
}
