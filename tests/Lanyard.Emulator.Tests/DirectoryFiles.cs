namespace Lanyard.Emulator.Tests;

/// <summary>A directory file written for one test and removed after it, loaded as <c>--directory</c> loads one.</summary>
internal static class DirectoryFiles
{
    public static string Write(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lanyard-directory-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    public static EmulatorDirectory Load(string json)
    {
        var file = Write(json);
        try
        {
            return EmulatorDirectory.Load(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The load error's message; it must name the file, as every directory error does.</summary>
    public static string LoadFailure(string json)
    {
        var file = Write(json);
        try
        {
            var error = Assert.Throws<EmulatorDirectoryException>(() => EmulatorDirectory.Load(file));
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            return error.Message;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
