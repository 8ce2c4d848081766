using System.Text.Json;

namespace Lanyard.Emulator.Loading;

/// <summary>Reads a directory file, turning every kind of failure into one message that names the file.</summary>
internal static class DirectoryFileReader
{
    public static EmulatorDirectory Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        DirectoryDocument? document;
        try
        {
            using var stream = File.OpenRead(fullPath);
            document = JsonSerializer.Deserialize(stream, DirectoryJsonContext.Default.DirectoryDocument);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid(fullPath, ex.Message, ex);
        }
        catch (JsonException ex)
        {
            // Some messages (unknown properties) come without the position; add it the way System.Text.Json writes it.
            var where = ex.Message.Contains("Path:", StringComparison.Ordinal) || ex.Path is null
                ? ""
                : $" Path: {ex.Path} | LineNumber: {ex.LineNumber} | BytePositionInLine: {ex.BytePositionInLine}.";
            throw Invalid(fullPath, $"not a valid directory document: {ex.Message}{where}", ex);
        }

        if (document is null)
        {
            throw Invalid(fullPath, "the document is null; expected an object with \"tenants\"", null);
        }

        try
        {
            return new EmulatorDirectory(
                document.Tenants,
                document.Groups ?? [],
                document.Users ?? [],
                document.Applications ?? [],
                document.DirectoryRoles ?? [],
                document.ManagedIdentities ?? []);
        }
        catch (ArgumentException ex)
        {
            throw Invalid(fullPath, Environment.NewLine + ex.Message, ex);
        }
    }

    private static EmulatorDirectoryException Invalid(string path, string problem, Exception? inner) =>
        inner is null
            ? new($"Emulator directory file '{path}' is invalid: {problem}")
            : new($"Emulator directory file '{path}' is invalid: {problem}", inner);
}
