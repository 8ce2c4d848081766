using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// A compact JWS taken apart by hand (RFC 7515 §7.1), not yet trusted: callers verify the signature before believing
/// any claim. Deliberately no Microsoft.IdentityModel, as for <see cref="JwtWriter"/>.
/// </summary>
internal sealed class ParsedJwt
{
    // Far above any real assertion or access token; keeps a hostile header from costing much to parse.
    private const int MaximumLength = 16 * 1024;

    private ParsedJwt(JsonElement header, JsonElement payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonElement Header { get; }

    public JsonElement Payload { get; }

    /// <summary>The ASCII bytes of <c>header.payload</c>, what the signature covers.</summary>
    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    public string? Algorithm => HeaderString("alg");

    public string? KeyId => HeaderString("kid");

    public static bool TryParse(string? token, [NotNullWhen(true)] out ParsedJwt? jwt)
    {
        jwt = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaximumLength)
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => !Base64Url.IsValid(p)))
        {
            return false;
        }

        try
        {
            var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement.Clone();
            var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone();
            if (header.ValueKind != JsonValueKind.Object || payload.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            jwt = new ParsedJwt(header, payload, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public string? HeaderString(string name) =>
        Header.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string? String(string name) =>
        Payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// A NumericDate claim (RFC 7519 §2): seconds since the epoch, fractions allowed and truncated. A string of digits
    /// counts too, as Entra accepts it: MSAL.NET writes its client assertions' <c>nbf</c> and <c>exp</c> that way.
    /// </summary>
    public DateTimeOffset? Instant(string name)
    {
        if (!Payload.TryGetProperty(name, out var value))
        {
            return null;
        }

        double seconds;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            seconds = number;
        }
        else if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var digits))
        {
            seconds = digits;
        }
        else
        {
            return null;
        }

        // Outside DateTimeOffset's range is as good as absent; FromUnixTimeSeconds would throw.
        return seconds is > -62_135_596_800 and < 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds((long)seconds) : null;
    }

    /// <summary><c>aud</c> is a string or an array of strings (RFC 7519 §4.1.3); Kubernetes sends an array.</summary>
    public IReadOnlyList<string> Audiences()
    {
        if (!Payload.TryGetProperty("aud", out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            _ => [],
        };
    }

    /// <summary>A space-separated claim such as <c>scp</c>, or an array claim such as <c>roles</c>, as a list.</summary>
    public IReadOnlyList<string> Values(string name)
    {
        if (!Payload.TryGetProperty(name, out var value))
        {
            return [];
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            JsonValueKind.Array => [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            _ => [],
        };
    }
}
