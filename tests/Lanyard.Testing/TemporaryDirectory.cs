namespace Lanyard.Testing;

/// <summary>A directory under the system's temp path for a test's files; deleted on dispose.</summary>
public sealed class TemporaryDirectory(string prefix = "lanyard-test-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Writes <paramref name="relativePath"/> (parent directories included) and returns its full path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// One file in a directory of its own, for a config a child process reads; it stays until the machine's temp
    /// cleanup, since the process may outlive the test's scope.
    /// </summary>
    public static string WriteFile(string name, string text) => new TemporaryDirectory("lanyard-e2e-").Write(name, text);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open (a server mid-response) keeps it; temp cleanup takes it later.
        }
    }
}
