namespace Lanyard.Testing;

/// <summary>Where things are in the repository, found from the test assembly's location.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built <c>lanyard.dll</c> of the same configuration as the running tests.</summary>
    public static string LanyardDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";
            var path = Path.Combine(Root, "src", "Lanyard", "bin", configuration, "net10.0", "lanyard.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"lanyard.dll is not built at {path}; build the solution first.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lanyard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Lanyard.slnx not found above " + AppContext.BaseDirectory);
    }
}
