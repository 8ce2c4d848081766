namespace Lanyard.Testing;

/// <summary>
/// A real nginx (Debian's, with auth_request built in; ./test.sh installs it) running a configuration the test
/// writes, in a directory of its own, in the foreground, so it ends with the test. The system's nginx service is
/// never touched. A missing nginx is a test failure with the install command, never a skip.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private const string Nginx = "/usr/sbin/nginx";
    private readonly string _directory;
    private readonly TestProcess _process;

    private NginxProcess(string directory, TestProcess process)
    {
        _directory = directory;
        _process = process;
    }

    public string Output => _process.Output + ReadErrorLog();

    /// <param name="httpBlock">What goes inside <c>http { }</c>: the test's servers. Paths for temp files and logs are set here.</param>
    public static async Task<NginxProcess> StartAsync(string httpBlock, string readyUrl)
    {
        if (!File.Exists(Nginx))
        {
            throw new InvalidOperationException($"{Nginx} is not installed; run ./test.sh (it installs it) or: apt-get install -y nginx");
        }

        var directory = Directory.CreateTempSubdirectory("lanyard-nginx-").FullName;
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            master_process off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log info;
            events { worker_connections 128; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
            {{httpBlock}}
            }
            """);
        var process = TestProcess.Start(Nginx, ["-p", directory, "-c", config, "-g", "daemon off;"]);
        var nginx = new NginxProcess(directory, process);
        try
        {
            await process.WaitUntilOkAsync(readyUrl);
        }
        catch (Exception e)
        {
            var output = nginx.Output;
            await nginx.DisposeAsync();
            throw new InvalidOperationException("nginx did not start: " + output, e);
        }

        return nginx;
    }

    private string ReadErrorLog()
    {
        var log = Path.Combine(_directory, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
