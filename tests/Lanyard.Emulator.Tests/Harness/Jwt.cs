using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lanyard.Emulator.Tests.Harness;

/// <summary>A compact JWS taken apart and verified with plain System.Security.Cryptography, sharing nothing with the emulator.</summary>
internal sealed class Jwt
{
    private readonly string _signingInput;
    private readonly byte[] _signature;

    private Jwt(string raw, JsonElement header, JsonElement payload, string signingInput, byte[] signature)
    {
        Raw = raw;
        Header = header;
        Payload = payload;
        _signingInput = signingInput;
        _signature = signature;
    }

    /// <summary>The compact token as received.</summary>
    public string Raw { get; }

    public JsonElement Header { get; }

    public JsonElement Payload { get; }

    public string KeyId => Header.GetProperty("kid").GetString()!;

    public static Jwt Parse(string token)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.All(parts, p => Assert.DoesNotContain('=', p));
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement.Clone();
        var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone();
        return new Jwt(token, header, payload, $"{parts[0]}.{parts[1]}", Base64Url.DecodeFromChars(parts[2]));
    }

    public string Claim(string name) => Payload.GetProperty(name).GetString()!;

    public bool Has(string name) => Payload.TryGetProperty(name, out _);

    public string[] ClaimArray(string name) => [.. Payload.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>RS256 verification with the RSA public key of a JWKS entry.</summary>
    public bool VerifiesWith(JsonElement jwk)
    {
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters
        {
            Modulus = Base64Url.DecodeFromChars(jwk.GetProperty("n").GetString()),
            Exponent = Base64Url.DecodeFromChars(jwk.GetProperty("e").GetString()),
        });
        return rsa.VerifyData(Encoding.ASCII.GetBytes(_signingInput), _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
