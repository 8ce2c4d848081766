using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lanyard.Emulator.Hosting;

/// <summary>
/// The emulator's own https certificate (issue 13): created on first use under the user's data directory, reused
/// while it has more than <see cref="RenewBefore"/> to live, renewed otherwise. It is self-signed for
/// <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>; apps and tests trust exactly it by its PEM file
/// (<see cref="CertificatePath"/>), not a CA that could vouch for other names.
/// </summary>
public sealed class EmulatorTlsCertificate
{
    public const string CertificateFileName = "emulator-cert.pem";

    public const string KeyFileName = "emulator-key.pem";

    /// <summary>How long a new certificate is valid.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    /// <summary>A certificate with less than this left is replaced at start-up, so a running emulator never expires mid-test.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private EmulatorTlsCertificate(X509Certificate2 certificate, string directory, bool created)
    {
        Certificate = certificate;
        CertificatePath = Path.Combine(directory, CertificateFileName);
        KeyPath = Path.Combine(directory, KeyFileName);
        Created = created;
    }

    /// <summary>The certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The PEM certificate to trust (SSL_CERT_FILE, a CA bundle, <c>provider_ca_files</c>, CustomTrustStore).</summary>
    public string CertificatePath { get; }

    /// <summary>The PEM private key, readable by its owner only.</summary>
    public string KeyPath { get; }

    /// <summary>True when this call made the certificate (first run, or a renewal), false when it reused one.</summary>
    public bool Created { get; }

    /// <summary><c>$XDG_DATA_HOME/lanyard/emulator</c>, or <c>~/.local/share/lanyard/emulator</c> without XDG_DATA_HOME.</summary>
    public static string DefaultDirectory()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome) || !Path.IsPathRooted(dataHome))
        {
            // The XDG spec says a relative XDG_DATA_HOME is invalid and to be ignored.
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "lanyard", "emulator");
    }

    /// <summary>Reads the certificate in <paramref name="directory"/>, or makes (and writes) a new one when there is
    /// none, it does not load, or it expires within <see cref="RenewBefore"/>.</summary>
    /// <exception cref="IOException">The directory or files cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or files cannot be written.</exception>
    public static EmulatorTlsCertificate LoadOrCreate(string directory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        if (TryLoad(certificatePath, keyPath) is { } existing)
        {
            if (existing.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore && existing.NotBefore.ToUniversalTime() <= now.UtcDateTime)
            {
                return new EmulatorTlsCertificate(ForKestrel(existing), directory, created: false);
            }

            existing.Dispose();
        }

        var created = CreateSelfSigned(now);
        Write(directory, created);
        return new EmulatorTlsCertificate(ForKestrel(created), directory, created: true);
    }

    private static X509Certificate2? TryLoad(string certificatePath, string keyPath)
    {
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A damaged or half-written pair is replaced, as a missing one is.
            return null;
        }
    }

    private static X509Certificate2 CreateSelfSigned(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Lanyard emulator (localhost)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build(critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        // A few minutes into the past, so a client whose clock is a little behind does not see it as not yet valid.
        return request.CreateSelfSigned(now.AddMinutes(-5), now + Validity);
    }

    private static void Write(string directory, X509Certificate2 certificate)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = certificate.GetECDsaPrivateKey()!;

        // Each file is written beside its final name and then renamed over it, so a reader never sees half a file;
        // the key is created 0600 from its first byte, never readable by others even for a moment.
        WriteAtomically(Path.Combine(directory, KeyFileName), key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteAtomically(Path.Combine(directory, CertificateFileName), certificate.ExportCertificatePem(),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static void WriteAtomically(string path, string pem, UnixFileMode mode)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(pem);
                writer.WriteLine();
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // Kestrel on Windows (SChannel) cannot use an ephemeral key; a PKCS#12 round trip gives it a persisted one.
    private static X509Certificate2 ForKestrel(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        var exported = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        certificate.Dispose();
        return exported;
    }
}
