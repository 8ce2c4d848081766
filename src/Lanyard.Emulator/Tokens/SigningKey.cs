using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lanyard.Emulator.Tokens;

/// <summary>One RSA-2048 signing key with the self-signed certificate Entra publishes it in (entra-protocol.md §1.5).</summary>
internal sealed class SigningKey : IDisposable
{
    private const string EntraSubject = "CN=accounts.accesscontrol.windows.net";

    private readonly RSA _rsa;

    private SigningKey(RSA rsa, byte[] certificate, string keyId)
    {
        _rsa = rsa;
        Certificate = certificate;
        KeyId = keyId;
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        PublicKey = parameters;
        Modulus = Base64Url.EncodeToString(parameters.Modulus);
        Exponent = Base64Url.EncodeToString(parameters.Exponent);
    }

    /// <summary>The certificate's DER bytes (<c>x5c</c> holds them in standard base64).</summary>
    public byte[] Certificate { get; }

    /// <summary><c>kid</c> and <c>x5t</c>: the base64url SHA-1 certificate thumbprint, as Entra does.</summary>
    public string KeyId { get; }

    public string Modulus { get; }

    public string Exponent { get; }

    public RSAParameters PublicKey { get; }

    /// <param name="subject">The certificate subject; Entra's own keys use <c>CN=accounts.accesscontrol.windows.net</c>.</param>
    public static SigningKey Create(TimeProvider time, string subject = EntraSubject)
    {
        var rsa = RSA.Create(2048);
        try
        {
            var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var now = time.GetUtcNow();
            using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));

            // GetCertHash is SHA-1 of the DER bytes: exactly what x5t means (RFC 7517 §4.8), not a security choice.
            return new SigningKey(rsa, certificate.RawData, Base64Url.EncodeToString(certificate.GetCertHash()));
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>RS256: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>Checks an RS256 signature made by this key.</summary>
    public bool Verifies(ParsedJwt jwt) => jwt.Algorithm == "RS256" && JwsSignature.Verify(_rsa, jwt);

    public void Dispose() => _rsa.Dispose();
}
