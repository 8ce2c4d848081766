using System.Security.Cryptography;

namespace Lanyard.Emulator.Tokens;

/// <summary>Verifies RSA JWS signatures: RS256 (PKCS#1 v1.5) and PS256 (PSS), the algorithms Entra accepts (§3.1).</summary>
internal static class JwsSignature
{
    public static bool IsSupported(string? algorithm) => algorithm is "RS256" or "PS256";

    public static bool Verify(RSA key, ParsedJwt jwt) => jwt.Algorithm switch
    {
        "RS256" => key.VerifyData(jwt.SigningInput, jwt.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        "PS256" => key.VerifyData(jwt.SigningInput, jwt.Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        _ => false,
    };

    public static bool Verify(RSAParameters publicKey, ParsedJwt jwt)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportParameters(publicKey);
        }
        catch (CryptographicException)
        {
            return false;
        }

        return Verify(rsa, jwt);
    }
}
