using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Providers.Oidc;

/// <summary>The outcome of ID token validation: the token, or the reason it was refused.</summary>
internal sealed record IdTokenValidation(JsonWebToken? Token, string? Problem)
{
    public static IdTokenValidation Valid(JsonWebToken token) => new(token, null);

    public static IdTokenValidation Invalid(string problem) => new(null, problem);
}
