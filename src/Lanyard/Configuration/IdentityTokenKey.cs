using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Configuration;

/// <summary>
/// The key Lanyard signs identity tokens with (<c>identity_token_key_file</c>, or one generated at startup): an EC
/// P-256 key signs ES256, an RSA key of 2048 bits or more RS256. Its <c>kid</c> is the RFC 7638 thumbprint of the
/// public key, so the same file gives the same <c>kid</c> on every replica and after every restart, and a verifier
/// that caches the JWKS finds the key it has. Holds the private key for the life of the process; never printed.
/// </summary>
internal sealed class IdentityTokenKey
{
    /// <summary>secp256r1 (P-256), the only curve ES256 names (RFC 7518 §3.4).</summary>
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private const int MinimumRsaBits = 2048;

    private IdentityTokenKey(AsymmetricSecurityKey signingKey, AsymmetricSecurityKey publicKey, string algorithm, string? file)
    {
        KeyId = Base64UrlEncoder.Encode(publicKey.ComputeJwkThumbprint());
        signingKey.KeyId = KeyId;
        publicKey.KeyId = KeyId;
        Algorithm = algorithm;
        File = file;
        Credentials = new SigningCredentials(signingKey, algorithm);
        PublicJwk = publicKey switch
        {
            ECDsaSecurityKey ec => JsonWebKeyConverter.ConvertFromECDsaSecurityKey(ec),
            RsaSecurityKey rsa => JsonWebKeyConverter.ConvertFromRSASecurityKey(rsa),
            _ => throw new ArgumentException("Only EC and RSA keys sign identity tokens.", nameof(publicKey)),
        };
    }

    /// <summary><c>ES256</c> or <c>RS256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The RFC 7638 thumbprint of the public key, base64url: the tokens' <c>kid</c>.</summary>
    public string KeyId { get; }

    /// <summary>The file the key came from; null when it was generated at startup (only this process knows it).</summary>
    public string? File { get; }

    public bool Generated => File is null;

    public SigningCredentials Credentials { get; }

    /// <summary>The public half as a JWK (no private parameters), for the JWKS endpoint and verifiers.</summary>
    public JsonWebKey PublicJwk { get; }

    /// <summary>A new P-256 key, for a Lanyard told to sign but given no key file.</summary>
    public static IdentityTokenKey Generate() => FromEcdsa(ECDsa.Create(ECCurve.NamedCurves.nistP256), file: null);

    /// <summary>
    /// The first unencrypted private key in a PEM file (<c>PRIVATE KEY</c>, <c>EC PRIVATE KEY</c> or <c>RSA PRIVATE
    /// KEY</c>); null with the reason otherwise. Certificates and public keys in the same file are skipped.
    /// </summary>
    public static IdentityTokenKey? FromPem(string pem, string file, out string? error)
    {
        var text = pem.AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label];
            var block = text[fields.Location].ToString();
            text = text[fields.Location.End..];
            if (label.SequenceEqual("ENCRYPTED PRIVATE KEY"))
            {
                error = $"'{file}' holds an encrypted private key; Lanyard needs it unencrypted (openssl pkcs8 -topk8 -nocrypt)";
                return null;
            }

            if (label.SequenceEqual("EC PRIVATE KEY") || label.SequenceEqual("PRIVATE KEY") && IsEc(block))
            {
                return Ec(block, file, out error);
            }

            if (label.SequenceEqual("RSA PRIVATE KEY") || label.SequenceEqual("PRIVATE KEY"))
            {
                return Rsa(block, file, out error);
            }
        }

        error = $"'{file}' holds no PEM private key (-----BEGIN PRIVATE KEY-----, EC PRIVATE KEY or RSA PRIVATE KEY)";
        return null;
    }

    private static bool IsEc(string pkcs8Pem)
    {
        using var probe = ECDsa.Create();
        try
        {
            probe.ImportFromPem(pkcs8Pem);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static IdentityTokenKey? Ec(string block, string file, out string? error)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(block);
            if (ecdsa.ExportParameters(false).Curve.Oid?.Value != P256Oid)
            {
                ecdsa.Dispose();
                error = $"'{file}' holds an EC key on another curve than P-256; ES256 (what Istio and Envoy verify) needs P-256";
                return null;
            }
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
            error = $"'{file}' holds an EC private key that cannot be read";
            return null;
        }

        error = null;
        return FromEcdsa(ecdsa, file);
    }

    private static IdentityTokenKey? Rsa(string block, string file, out string? error)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(block);
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            error = $"'{file}' holds a private key that is neither EC P-256 nor RSA";
            return null;
        }

        if (rsa.KeySize < MinimumRsaBits)
        {
            var bits = rsa.KeySize;
            rsa.Dispose();
            error = $"'{file}' holds a {bits}-bit RSA key; identity tokens need {MinimumRsaBits} bits or more";
            return null;
        }

        error = null;
        var publicRsa = System.Security.Cryptography.RSA.Create(rsa.ExportParameters(false));
        return new IdentityTokenKey(new RsaSecurityKey(rsa), new RsaSecurityKey(publicRsa), SecurityAlgorithms.RsaSha256, file);
    }

    private static IdentityTokenKey FromEcdsa(ECDsa ecdsa, string? file)
    {
        var publicEcdsa = ECDsa.Create(ecdsa.ExportParameters(false));
        return new IdentityTokenKey(new ECDsaSecurityKey(ecdsa), new ECDsaSecurityKey(publicEcdsa), SecurityAlgorithms.EcdsaSha256, file);
    }

    /// <summary>What <c>config check</c> and logs may show: never key material.</summary>
    public override string ToString() => $"{Algorithm} key {KeyId} ({(Generated ? "generated at startup" : File)})";
}
