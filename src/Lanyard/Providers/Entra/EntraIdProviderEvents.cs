using Lanyard.Configuration;
using Lanyard.Identity;
using Lanyard.Providers.Oidc;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Providers.Entra;

/// <summary>
/// Entra ID's differences from plain OpenID Connect (reference: entra-protocol.md).
/// Issuer check: besides the standard exact match, the token's <c>iss</c> must be <c>{authority}/{tid}/v2.0</c> with
/// the token's own <c>tid</c>, a GUID — the check that keeps multi-tenant sign-in honest (entra-protocol.md §9).
/// Identity: many Entra users have no <c>email</c> claim (no mailbox, guests, service accounts); fall back to
/// <c>preferred_username</c>, then <c>upn</c>, rather than fail as oauth2-proxy does (#3082).
/// </summary>
internal sealed class EntraIdProviderEvents : OidcProviderEvents
{
    public override string? ValidateIdToken(JsonWebToken idToken, ProviderOptions options)
    {
        var tenantId = Claim(idToken, "tid");
        if (tenantId is null || !Guid.TryParseExact(tenantId, "D", out _))
        {
            return "the ID token carries no tenant id ('tid' claim)";
        }

        var expectedIssuer = EntraAuthority.FromIssuerUrl(options.IssuerUrl).IssuerFor(tenantId);
        return string.Equals(idToken.Issuer, expectedIssuer, StringComparison.Ordinal)
            ? null
            : $"the ID token's issuer does not match its tenant (expected {expectedIssuer})";
    }

    public override UserIdentity CreateIdentity(JsonWebToken idToken)
    {
        var identity = base.CreateIdentity(idToken);
        var email = identity.Email ?? EmailShaped(Claim(idToken, "preferred_username")) ?? EmailShaped(Claim(idToken, "upn"));
        return identity with { Email = email };
    }

    private static string? EmailShaped(string? value) => value is not null && value.Contains('@', StringComparison.Ordinal) ? value : null;
}
