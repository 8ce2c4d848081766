using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lanyard.Emulator.Tests.Harness;

/// <summary>A client's certificate and private key, and the private_key_jwt assertions it signs (entra-protocol.md §3.1).</summary>
internal sealed class ClientCertificate : IDisposable
{
    private ClientCertificate(RSA key, X509Certificate2 certificate)
    {
        Key = key;
        Certificate = certificate;
    }

    public RSA Key { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>A self-signed certificate valid from a day before <paramref name="validFrom"/> for <paramref name="validFor"/>.</summary>
    public static ClientCertificate Create(DateTimeOffset validFrom, TimeSpan? validFor = null)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=lanyard-test-client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var certificate = request.CreateSelfSigned(validFrom.AddDays(-1), validFrom + (validFor ?? TimeSpan.FromDays(365)));
        return new ClientCertificate(key, certificate);
    }

    /// <summary>An assertion as current MSAL builds it (PS256, <c>x5t#S256</c>) or as older MSAL does (RS256, <c>x5t</c>).</summary>
    public string Assertion(
        string clientId,
        string audience,
        DateTimeOffset now,
        string algorithm = "PS256",
        Action<Dictionary<string, object?>>? changeHeader = null,
        Action<Dictionary<string, object?>>? changeClaims = null,
        RSA? signWith = null)
    {
        var header = new Dictionary<string, object?> { ["alg"] = algorithm, ["typ"] = "JWT" };
        if (algorithm == "RS256")
        {
            // GetCertHash is the SHA-1 thumbprint x5t is defined as.
            header["x5t"] = Base64Url.EncodeToString(Certificate.GetCertHash());
        }
        else
        {
            header["x5t#S256"] = Base64Url.EncodeToString(SHA256.HashData(Certificate.RawData));
        }

        changeHeader?.Invoke(header);
        var claims = new Dictionary<string, object?>
        {
            ["aud"] = audience,
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["jti"] = Guid.NewGuid().ToString(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(10).ToUnixTimeSeconds(),
        };
        changeClaims?.Invoke(claims);
        return JwtSigner.Sign(signWith ?? Key, header, claims);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
