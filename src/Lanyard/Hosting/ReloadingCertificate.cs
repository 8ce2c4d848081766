using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lanyard.Hosting;

/// <summary>
/// A PEM certificate and key that are read again when either file changes (cert-manager renews a mounted
/// secret in place), so a renewal needs no restart. The files' times are looked at no more than every few
/// seconds, on a handshake; a half-written or broken pair keeps the previous certificate until it loads.
/// </summary>
internal sealed class ReloadingCertificate(string certificateFile, string keyFile, TimeProvider time)
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private X509Certificate2? _current;
    private (DateTime Certificate, DateTime Key) _loadedVersion;
    private DateTimeOffset _nextCheck;

    public X509Certificate2 Current
    {
        get
        {
            var now = time.GetUtcNow();
            if (_current is { } current && now < _nextCheck)
            {
                return current;
            }

            lock (_gate)
            {
                _nextCheck = now + CheckEvery;
                var version = (File.GetLastWriteTimeUtc(certificateFile), File.GetLastWriteTimeUtc(keyFile));
                if (_current is null || version != _loadedVersion)
                {
                    try
                    {
                        _current = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
                        _loadedVersion = version;
                    }
                    catch (Exception e) when (_current is not null && e is IOException or CryptographicException or UnauthorizedAccessException)
                    {
                        // Mid-renewal: serve the certificate we have, and try again at the next check.
                    }
                }

                return _current;
            }
        }
    }
}
