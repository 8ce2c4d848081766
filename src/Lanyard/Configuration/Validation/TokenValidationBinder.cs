namespace Lanyard.Configuration.Validation;

/// <summary><c>oidc_audience_claims</c> and <c>oidc_enabled_signing_algs</c>.</summary>
internal static class TokenValidationBinder
{
    public static TokenValidationOptions Bind(SettingReader read)
    {
        var claims = read.Find("oidc_audience_claims") is { Origin: not "default" } ? read.List("oidc_audience_claims") : ["aud"];
        foreach (var claim in claims)
        {
            if (claim.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                read.Fail("oidc_audience_claims", $"'{claim}' is not a claim name");
            }
        }

        if (claims.Count == 0)
        {
            read.Fail("oidc_audience_claims", "must name at least one claim (aud is the standard one)");
        }

        return new TokenValidationOptions(claims.Count == 0 ? ["aud"] : [.. claims.Distinct(StringComparer.Ordinal)], Algorithms(read));
    }

    private static IReadOnlyList<string> Algorithms(SettingReader read)
    {
        var configured = read.List("oidc_enabled_signing_algs");
        if (configured.Count == 0)
        {
            return TokenValidationOptions.AsymmetricAlgorithms;
        }

        var accepted = new List<string>();
        foreach (var algorithm in configured)
        {
            if (TokenValidationOptions.AsymmetricAlgorithms.Contains(algorithm, StringComparer.Ordinal))
            {
                accepted.Add(algorithm);
            }
            else if (algorithm is "HS256" or "HS384" or "HS512")
            {
                read.Fail("oidc_enabled_signing_algs", $"'{algorithm}' is refused: an HMAC-signed token is signed with a shared secret, not with a key the provider publishes, so anyone holding that secret could mint tokens Lanyard would accept");
            }
            else if (algorithm == "EdDSA")
            {
                read.Fail("oidc_enabled_signing_algs", "'EdDSA' is refused: Microsoft.IdentityModel, which verifies Lanyard's tokens, cannot verify EdDSA signatures");
            }
            else
            {
                read.Fail("oidc_enabled_signing_algs", $"'{algorithm}' is not a JWT signing algorithm; use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512");
            }
        }

        return [.. accepted.Distinct(StringComparer.Ordinal)];
    }
}
