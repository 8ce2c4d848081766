using Lanyard.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Providers.Entra;

/// <summary>
/// Decides whether Entra ID vouches for the email address a token names (issue 9, finding 1). Entra never verifies
/// <c>email</c>: any tenant's administrator can set a user's mail attribute to <c>alice@contoso.test</c>
/// ("nOAuth", 2023), and <c>preferred_username</c> is mutable display data. An address is trusted when
/// <list type="number">
/// <item><c>insecure_oidc_allow_unverified_email</c> says to trust it anyway (the old behaviour, opted into);</item>
/// <item>the token carries the <c>xms_edov</c> optional claim ("email domain owner verified") as true;</item>
/// <item>or the user is a member (not a guest: no foreign <c>idp</c>) of a tenant this site pins: the one tenant
/// of a single-tenant app, or one listed in <c>entra_id_allowed_tenants</c>. That tenant's administrators are the
/// ones you chose to trust.</item>
/// </list>
/// <c>xms_edov: false</c> is Entra saying the domain's owner is not verified, and wins over pinning. Anything else
/// is not trusted: the identity gets no email, and email rules deny with the reason instead of passing.
/// </summary>
internal sealed class TrustEntraEmail(ProviderOptions options, EntraAuthority authority)
{
    /// <summary>The address to trust, or null with the reason it is not trusted (null, null when there is none).</summary>
    public (string? Email, string? Problem) Evaluate(JsonWebToken token, string? candidate, bool fromEmailClaim)
    {
        if (candidate is null || options.AllowUnverifiedEmail)
        {
            return (candidate, null);
        }

        switch (fromEmailClaim ? EmailDomainOwnerVerified(token) : null)
        {
            case true:
                return (candidate, null);
            case false:
                return (null, "Microsoft Entra ID says the owner of your email address's domain is not verified (xms_edov)");
        }

        var tenantId = token.TryGetPayloadValue<string>("tid", out var tid) ? tid.ToLowerInvariant() : null;
        if (tenantId is not null && IsPinned(tenantId) && !IsGuest(token, tenantId))
        {
            return (candidate, null);
        }

        return (null, "Microsoft Entra ID does not verify email addresses, and yours comes from an organization this site does not pin (entra_id_allowed_tenants) without an xms_edov claim");
    }

    // Decided once: a single-tenant app pins its one tenant, a multi-tenant one only those it allows.
    private readonly bool _pinsItsOneTenant = !EntraTenants.AdmitsManyTenants(options);

    private bool IsPinned(string tenantId) =>
        _pinsItsOneTenant || options.EntraId.AllowedTenants.Contains(tenantId, StringComparer.Ordinal);

    /// <summary>
    /// A guest's <c>idp</c> names the identity provider that really signed them in (another tenant's STS, or
    /// <c>live.com</c>); members have none, or their own tenant's issuer (entra-protocol.md §4.2).
    /// </summary>
    private bool IsGuest(JsonWebToken token, string tenantId) =>
        token.TryGetPayloadValue<string>("idp", out var idp) && !string.IsNullOrEmpty(idp)
        && !string.Equals(idp, token.Issuer, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(idp.TrimEnd('/'), authority.V1IssuerFor(tenantId).TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>xms_edov</c> optional claim: a boolean (some tenants send "1"/"true" strings), or null when absent.</summary>
    private static bool? EmailDomainOwnerVerified(JsonWebToken token)
    {
        if (!token.TryGetClaim("xms_edov", out var claim))
        {
            return null;
        }

        return claim.Value is { } value && (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1");
    }
}
