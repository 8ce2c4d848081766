namespace Lanyard.Configuration;

/// <summary>
/// <c>identity_token_*</c> (issue 11): a short-lived JWT signed by Lanyard that carries the identity, in
/// <paramref name="HeaderName"/>, for a mesh to verify against Lanyard's JWKS (Istio's <c>RequestAuthentication</c>
/// with <c>fromHeaders</c>), as Pomerium's <c>X-Pomerium-Jwt-Assertion</c>. Null in <see cref="LanyardOptions"/> when off.
/// </summary>
/// <param name="HeaderName"><c>identity_token_header</c>, e.g. <c>X-Lanyard-Identity</c>.</param>
/// <param name="Key"><c>identity_token_key_file</c>'s key, or one generated at startup.</param>
/// <param name="Issuer"><c>identity_token_issuer</c>: the tokens' <c>iss</c>; by default the origin of an absolute <c>redirect_url</c>.</param>
/// <param name="Audience"><c>identity_token_audience</c>: the tokens' <c>aud</c>; by default <c>client_id</c>.</param>
/// <param name="Lifetime"><c>identity_token_lifetime</c>: how long a token is valid, never past its session.</param>
internal sealed record IdentityTokenOptions(string HeaderName, IdentityTokenKey Key, string Issuer, string Audience, TimeSpan Lifetime)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Shorter and every other request signs anew (and clock skew eats the token); longer and a revoked user keeps passing.</summary>
    public static readonly TimeSpan MinimumLifetime = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromHours(1);

    /// <summary>Where Lanyard serves the public key, on its main listener, whatever <c>proxy_prefix</c> is.</summary>
    public const string JwksPath = "/.well-known/lanyard/jwks.json";
}
