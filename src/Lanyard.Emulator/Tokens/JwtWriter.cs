using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// Writes compact JWS tokens by hand (RFC 7515 §7.1): base64url(header) "." base64url(claims) "." base64url(RS256
/// signature). Deliberately no Microsoft.IdentityModel: the emulator must not share token code with the proxy.
/// </summary>
internal static class JwtWriter
{
    /// <param name="includeX5t">v1 tokens carry <c>x5t</c> next to <c>kid</c>; v2 tokens only <c>kid</c> (§4.1).</param>
    public static string Write(SigningKey key, bool includeX5t, Action<Utf8JsonWriter> writeClaims) =>
        Write(key, w =>
        {
            w.WriteString("typ", "JWT");
            w.WriteString("alg", "RS256");
            if (includeX5t)
            {
                w.WriteString("x5t", key.KeyId);
            }

            w.WriteString("kid", key.KeyId);
        }, writeClaims);

    /// <param name="writeHeader">The header's members; they must name <c>alg</c> RS256, which is what signs.</param>
    public static string Write(SigningKey key, Action<Utf8JsonWriter> writeHeader, Action<Utf8JsonWriter> writeClaims)
    {
        var header = JsonResponse.Serialize(w =>
        {
            w.WriteStartObject();
            writeHeader(w);
            w.WriteEndObject();
        });
        var claims = JsonResponse.Serialize(w =>
        {
            w.WriteStartObject();
            writeClaims(w);
            w.WriteEndObject();
        });

        var signingInput = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(claims)}";
        var signature = key.Sign(Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }
}
