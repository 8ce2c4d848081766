using System.Collections.Frozen;
using Lanyard.Configuration;
using Lanyard.Observability;

namespace Lanyard.Authorization;

/// <summary>
/// <c>authenticated_emails_file</c>: addresses allowed besides <c>email_domains</c>, read again when the file changes
/// (its time looked at no more than every few seconds, on a request), as oauth2-proxy watches it. A file that
/// cannot be read, or is half-written, keeps the addresses read before: a failed edit never opens or shuts the door
/// by accident. Startup has read it already (a missing file is a configuration error).
/// </summary>
internal sealed class AuthenticatedEmailList(AccessOptions options, TimeProvider time, ILogger<AuthenticatedEmailList> logger)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private FrozenSet<string> _current = options.AuthenticatedEmails.ToFrozenSet(StringComparer.Ordinal);
    // Unknown until the first check reads the file again: an edit between startup's read and now is not missed.
    private DateTime _loadedVersion = DateTime.MinValue;
    private DateTimeOffset _nextCheck = time.GetUtcNow() + CheckEvery;

    public bool IsConfigured => options.AuthenticatedEmailsFile is not null;

    public bool Contains(string? email) => email is not null && IsConfigured && Current.Contains(email.Trim().ToLowerInvariant());

    private FrozenSet<string> Current
    {
        get
        {
            var now = time.GetUtcNow();
            if (now < _nextCheck)
            {
                return _current;
            }

            lock (_gate)
            {
                if (now < _nextCheck)
                {
                    return _current;
                }

                _nextCheck = now + CheckEvery;
                Reload(options.AuthenticatedEmailsFile!);
                return _current;
            }
        }
    }

    private void Reload(string path)
    {
        try
        {
            var version = File.GetLastWriteTimeUtc(path);
            if (version == _loadedVersion)
            {
                return;
            }

            var addresses = Parse(File.ReadAllText(path));
            _current = addresses.ToFrozenSet(StringComparer.Ordinal);
            _loadedVersion = version;
            LogEvents.AuthenticatedEmailsReloaded(logger, path, _current.Count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogEvents.AuthenticatedEmailsNotReloaded(logger, path, e is FileNotFoundException or DirectoryNotFoundException ? "it does not exist" : "it cannot be read");
        }
    }

    /// <summary>
    /// oauth2-proxy reads the file as CSV and keeps each record's first field: one address a line, <c>#</c> starts a
    /// comment line, blank lines and anything after a comma are ignored, surrounding quotes and spaces dropped,
    /// compared without case.
    /// </summary>
    public static IReadOnlyList<string> Parse(string text)
    {
        var addresses = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var first = line.Split(',', 2)[0].Trim().Trim('"').Trim();
            if (first.Length > 0)
            {
                addresses.Add(first.ToLowerInvariant());
            }
        }

        return addresses;
    }
}
