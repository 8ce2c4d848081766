using System.Security.Cryptography;
using System.Text;

namespace Lanyard.Kubectl;

/// <summary>Finding, reading and replacing the kubeconfig file as kubectl and kubelogin do.</summary>
internal static class KubeconfigFile
{
    /// <summary>A new file holds credentials: user-only, as kubectl's own.</summary>
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// <c>--kubeconfig</c>, else the first file of <c>KUBECONFIG</c> (kubectl merges the list, kubelogin edits where
    /// each entry came from; lanyard edits the first only), else <c>~/.kube/config</c>.
    /// </summary>
    public static string Locate(string? flag, string? kubeconfigVariable, string home)
    {
        if (!string.IsNullOrEmpty(flag))
        {
            return flag;
        }

        var first = (kubeconfigVariable ?? "").Split(Path.PathSeparator).FirstOrDefault(p => p.Length > 0);
        return first ?? Path.Combine(home, ".kube", "config");
    }

    public static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KubeconfigConversionException($"no kubeconfig at {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigConversionException($"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>
    /// Replaces the file in one rename, so kubectl running meanwhile reads the old file or the new, never half of
    /// one; the mode stays the file's own. A symbolic link is followed and its target replaced, as kubectl writes
    /// through a linked kubeconfig rather than over the link.
    /// </summary>
    public static void Replace(string path, string text)
    {
        var file = new FileInfo(path);
        var target = file.LinkTarget is null ? file.FullName : file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
        var temporary = $"{target}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            UnixFileMode? mode = null;
            if (!OperatingSystem.IsWindows())
            {
                mode = File.Exists(target) ? File.GetUnixFileMode(target) : NewFileMode;
                options.UnixCreateMode = NewFileMode;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } keep && !OperatingSystem.IsWindows())
            {
                // Set after creation: the umask narrows UnixCreateMode, and the file's mode is the user's choice.
                File.SetUnixFileMode(temporary, keep);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigConversionException($"cannot write {target}: {e.Message}");
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
