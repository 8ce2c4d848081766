using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Tests.Configuration;

/// <summary>RFC 7638 §3 thumbprints computed here from the required members in lexicographic order, independently of IdentityModel.</summary>
internal static class Rfc7638
{
    public static string Ec(ECDsa key)
    {
        var p = key.ExportParameters(false);
        return Hash($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64UrlEncoder.Encode(p.Q.X)}\",\"y\":\"{Base64UrlEncoder.Encode(p.Q.Y)}\"}}");
    }

    public static string Rsa(RSA key)
    {
        var p = key.ExportParameters(false);
        return Hash($"{{\"e\":\"{Base64UrlEncoder.Encode(p.Exponent)}\",\"kty\":\"RSA\",\"n\":\"{Base64UrlEncoder.Encode(p.Modulus)}\"}}");
    }

    private static string Hash(string json) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
