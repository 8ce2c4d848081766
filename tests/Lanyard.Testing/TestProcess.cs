using System.Diagnostics;
using System.Text;

namespace Lanyard.Testing;

/// <summary>
/// A real process the test started (<c>dotnet lanyard.dll …</c>, <c>node …</c>) with its output captured.
/// Disposing it ends it, by its own process id (and its children), and nothing else.
/// </summary>
public sealed class TestProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _standardOutput = new();
    private int _disposed;

    private TestProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Standard output alone (Output interleaves it with standard error), for programs whose stdout is their answer.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_output)
            {
                return _standardOutput.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id, to send the process a signal (kill -INT) as a terminal's Ctrl-C would.</summary>
    public int Id => _process.Id;

    /// <summary><c>lanyard</c> with these arguments.</summary>
    public static TestProcess Lanyard(params string[] args) => LanyardWith(new Dictionary<string, string?>(), args);

    public static TestProcess LanyardWith(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Start("dotnet", [RepositoryPaths.LanyardDll, .. args], environment, RepositoryPaths.Root);

    public static TestProcess Start(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var started = new TestProcess(process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data, standardOutput: true);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits until the output contains <paramref name="text"/>, or fails with the output.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                // A program that prints and exits at once (redis-cli --cluster create) may have exited before the
                // output readers delivered its last lines: WaitForExitAsync waits for both streams to end.
                await _process.WaitForExitAsync();
                if (Output.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                throw new InvalidOperationException($"'{text}' did not appear (exited with {_process.ExitCode}):\n{Output}");
            }

            if (deadline.Elapsed > limit)
            {
                throw new InvalidOperationException($"'{text}' did not appear within {limit} (still running):\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until <paramref name="url"/> answers 200, or fails with the process output.</summary>
    public async Task WaitUntilOkAsync(string url, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with {_process.ExitCode} before {url} answered:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{url} did not answer 200 within {limit}:\n{Output}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills it (SIGKILL) if it still runs; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line, bool standardOutput = false)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (standardOutput)
            {
                _standardOutput.AppendLine(line);
            }
        }
    }
}
