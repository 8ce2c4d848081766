namespace Lanyard.Testing;

/// <summary>
/// A real Caddy (Debian's; ./test.sh installs it) running a Caddyfile from <c>deploy/examples</c> unchanged, its
/// addresses given in the environment as the file documents. The system's caddy service is never touched. A missing
/// caddy is a test failure with the install command, never a skip.
/// </summary>
public sealed class CaddyProcess : IAsyncDisposable
{
    private const string Caddy = "/usr/bin/caddy";
    private readonly TestProcess _process;
    private readonly string _home;

    private CaddyProcess(TestProcess process, string home)
    {
        _process = process;
        _home = home;
    }

    public string Output => _process.Output;

    public static async Task<CaddyProcess> StartAsync(string caddyfile, IReadOnlyDictionary<string, string> environment, string readyUrl)
    {
        if (!File.Exists(Caddy))
        {
            throw new InvalidOperationException($"{Caddy} is not installed; run ./test.sh (it installs it) or: apt-get install -y caddy");
        }

        // Caddy keeps state under $HOME/XDG dirs; give it a directory of its own.
        var home = Directory.CreateTempSubdirectory("lanyard-caddy-").FullName;
        var env = new Dictionary<string, string?> { ["HOME"] = home, ["XDG_DATA_HOME"] = home, ["XDG_CONFIG_HOME"] = home };
        foreach (var (name, value) in environment)
        {
            env[name] = value;
        }

        var process = TestProcess.Start(Caddy, ["run", "--config", caddyfile, "--adapter", "caddyfile"], env);
        var caddy = new CaddyProcess(process, home);
        try
        {
            await process.WaitUntilOkAsync(readyUrl);
        }
        catch (Exception e)
        {
            var output = caddy.Output;
            await caddy.DisposeAsync();
            throw new InvalidOperationException("caddy did not start: " + output, e);
        }

        return caddy;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }
}
