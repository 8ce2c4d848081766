using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// A signing key from a PEM file (<c>oidc_public_key_files</c>): an RSA or EC <c>PUBLIC KEY</c> (SubjectPublicKeyInfo,
/// as <c>openssl pkey -pubout</c> writes it), an <c>RSA PUBLIC KEY</c>, or a <c>CERTIFICATE</c>. Private keys are
/// refused: a file that holds one does not belong in the proxy's configuration.
/// </summary>
internal static class PublicKeyPem
{
    /// <summary>The keys in <paramref name="text"/>, or null with the reason when it holds none Lanyard can use.</summary>
    public static (IReadOnlyList<SecurityKey>? Keys, string? Problem) Read(string text)
    {
        var keys = new List<SecurityKey>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            var pem = rest[fields.Location].ToString();
            rest = rest[fields.Location.End..];
            if (label.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                return (null, "holds a private key; give the provider's public key or certificate only");
            }

            try
            {
                keys.Add(label switch
                {
                    "CERTIFICATE" => new X509SecurityKey(X509Certificate2.CreateFromPem(pem)),
                    "RSA PUBLIC KEY" => new RsaSecurityKey(Rsa(pem)),
                    "PUBLIC KEY" => PublicKey(pem),
                    _ => throw new CryptographicException($"'{label}' is not a public key or certificate"),
                });
            }
            catch (CryptographicException e)
            {
                return (null, $"has a PEM block Lanyard cannot use as a signing key ({label}: {e.Message.TrimEnd('.')})");
            }
        }

        return keys.Count == 0 ? (null, "holds no PEM public key or certificate") : (keys, null);
    }

    private static RSA Rsa(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }

    // SubjectPublicKeyInfo names its algorithm: RSA or elliptic curve.
    private static SecurityKey PublicKey(string pem)
    {
        try
        {
            return new RsaSecurityKey(Rsa(pem));
        }
        catch (CryptographicException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
    }
}
