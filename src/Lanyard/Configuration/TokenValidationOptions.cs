namespace Lanyard.Configuration;

/// <summary>How a JWT from the provider (ID token or bearer access token) is checked beyond its signature.</summary>
/// <param name="AudienceClaims"><c>oidc_audience_claims</c>: the first of these claims the token carries must name
/// an accepted audience (oauth2-proxy's rule); <c>aud</c> by default.</param>
/// <param name="SigningAlgorithms"><c>oidc_enabled_signing_algs</c>, or every asymmetric algorithm IdentityModel verifies.</param>
internal sealed record TokenValidationOptions(IReadOnlyList<string> AudienceClaims, IReadOnlyList<string> SigningAlgorithms)
{
    /// <summary>Asymmetric only: a provider's token is never signed with a secret Lanyard shares (HS*), and
    /// IdentityModel does not verify EdDSA.</summary>
    public static IReadOnlyList<string> AsymmetricAlgorithms { get; } = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    public static TokenValidationOptions Default { get; } = new(["aud"], AsymmetricAlgorithms);

    /// <summary>True when the audience is the standard <c>aud</c> claim alone, which IdentityModel checks itself.</summary>
    public bool StandardAudience => AudienceClaims is ["aud"];
}
