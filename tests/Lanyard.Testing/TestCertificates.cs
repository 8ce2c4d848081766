using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lanyard.Testing;

/// <summary>Client certificates for mutual TLS tests: a CA and a certificate it issued, or one nobody issued.</summary>
public static class TestCertificates
{
    /// <summary>A CA (certificate only, for a trust file) and a client certificate it signed, with its private key usable by SslStream.</summary>
    public static (X509Certificate2 Authority, X509Certificate2 Client) AuthorityAndClient(string authoritySubject, string clientSubject)
    {
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest(authoritySubject, authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var authority = authorityRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientRequest = new CertificateRequest(clientSubject, clientKey, HashAlgorithmName.SHA256);
        clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = clientRequest.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(clientKey);
        return (X509CertificateLoader.LoadCertificate(authority.RawData), Loadable(withKey));
    }

    public static X509Certificate2 SelfSignedClient(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return Loadable(certificate);
    }

    /// <summary>
    /// A self-signed server certificate for 127.0.0.1 (an IP subject alternative name, as Go's TLS client wants) as
    /// PEM files; the certificate is its own CA, for a kubeconfig's <c>certificate-authority-data</c>.
    /// </summary>
    public static void WriteServerPem(string certFile, string keyFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A client certificate's certificate and private key as PEM files (kubeconfig's client-certificate/client-key).</summary>
    public static void WriteClientPem(X509Certificate2 client, string certFile, string keyFile)
    {
        File.WriteAllText(certFile, client.ExportCertificatePem());
        using var key = client.GetECDsaPrivateKey() ?? throw new InvalidOperationException("not an ECDSA certificate with its key");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Ephemeral keys are not usable by SslStream on every platform; a PKCS#12 round trip makes them so.</summary>
    private static X509Certificate2 Loadable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
