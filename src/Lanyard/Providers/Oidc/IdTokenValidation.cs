using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// The outcome of ID token validation: the token, or the reason it was refused. <see cref="KeysUnavailable"/> marks
/// a refusal that is not a verdict on the token: it names a key the cached set lacks and the provider's key set
/// could not be fetched to look for it, so the token may well be good (a rotation during an outage). Still no token:
/// a caller that cannot say "try again" refuses it; one that can (the TokenReview webhook: a 503) should.
/// </summary>
internal sealed record IdTokenValidation(JsonWebToken? Token, string? Problem)
{
    /// <summary>True when the signing keys could not be had, rather than the token being shown invalid.</summary>
    public bool KeysUnavailable { get; private init; }

    public static IdTokenValidation Valid(JsonWebToken token) => new(token, null);

    public static IdTokenValidation Invalid(string problem) => new(null, problem);

    public static IdTokenValidation Unavailable(string problem) => new(null, problem) { KeysUnavailable = true };
}
