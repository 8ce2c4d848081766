namespace Lanyard.Testing;

/// <summary>
/// A real HAProxy (Debian's, with Lua; ./test.sh installs it) running a configuration from <c>deploy/examples</c>
/// unchanged, its addresses given in the environment as the file documents, in the foreground (<c>-db</c>). The
/// system's haproxy service is never touched. A missing haproxy is a test failure with the install command, never a skip.
/// </summary>
public sealed class HaproxyProcess : IAsyncDisposable
{
    private const string Haproxy = "/usr/sbin/haproxy";
    private readonly TestProcess _process;

    private HaproxyProcess(TestProcess process) => _process = process;

    public string Output => _process.Output;

    public static async Task<HaproxyProcess> StartAsync(string config, IReadOnlyDictionary<string, string?> environment, string readyUrl)
    {
        if (!File.Exists(Haproxy))
        {
            throw new InvalidOperationException($"{Haproxy} is not installed; run ./test.sh (it installs it) or: apt-get install -y haproxy");
        }

        var process = TestProcess.Start(Haproxy, ["-db", "-f", config], environment);
        var haproxy = new HaproxyProcess(process);
        try
        {
            await process.WaitUntilOkAsync(readyUrl);
        }
        catch (Exception e)
        {
            var output = haproxy.Output;
            await haproxy.DisposeAsync();
            throw new InvalidOperationException("haproxy did not start: " + output, e);
        }

        return haproxy;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
