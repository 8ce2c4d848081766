using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lanyard.Kubectl;

/// <summary>
/// <c>--client-certificate</c> as kubelogin takes it: a PEM file with the certificate and its private key (the key
/// may be encrypted PKCS#8, then <c>--client-certificate-password</c> decrypts it), or a PFX/PKCS#12 file, with
/// that password when it has one. The password is never part of a message.
/// </summary>
internal static class ClientCertificateFile
{
    public static X509Certificate2 Load(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (!IsPem(bytes))
            {
                certificate = X509CertificateLoader.LoadPkcs12(bytes, password);
            }
            else if (!System.Text.Encoding.ASCII.GetString(bytes).Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            {
                certificate = X509Certificate2.CreateFromPemFile(path);
            }
            else if (password is { Length: > 0 })
            {
                certificate = X509Certificate2.CreateFromEncryptedPemFile(path, password);
            }
            else
            {
                throw new SignInFailedException($"the private key in the client certificate '{path}' is encrypted; give its password with --client-certificate-password");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new SignInFailedException($"cannot load the client certificate '{path}' with its private key{(password is null ? "" : " and password")}: {FirstLine(e.Message)}");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new SignInFailedException($"the client certificate '{path}' has no private key; put the certificate and its key in one PEM file, or use a PFX with the key");
        }

        return certificate;
    }

    // PEM is text with a "-----BEGIN" line; PKCS#12 is DER, which starts with a SEQUENCE tag (0x30).
    private static bool IsPem(byte[] bytes) =>
        System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 64 * 1024)).Contains("-----BEGIN", StringComparison.Ordinal);

    private static string FirstLine(string text) => text.Split('\r', '\n')[0];
}
