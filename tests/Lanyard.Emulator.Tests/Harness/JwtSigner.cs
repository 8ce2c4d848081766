using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lanyard.Emulator.Tests.Harness;

/// <summary>Signs JWTs the way a client or an external issuer would, with nothing shared with the emulator.</summary>
internal static class JwtSigner
{
    public static string Sign(RSA key, Dictionary<string, object?> header, Dictionary<string, object?> payload)
    {
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = header["alg"] switch
        {
            "RS256" => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "PS256" => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            // An algorithm the emulator must refuse still needs some signature bytes.
            _ => key.SignData(data, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
        };
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static string Encode(Dictionary<string, object?> part) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(part));
}
