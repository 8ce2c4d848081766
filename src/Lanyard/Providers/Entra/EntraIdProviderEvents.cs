using Lanyard.Configuration;
using Lanyard.Identity;
using Lanyard.Providers.Oidc;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Providers.Entra;

/// <summary>
/// Entra ID's differences from plain OpenID Connect (reference: entra-protocol.md).
/// <list type="bullet">
/// <item>Issuer: whatever the mode, the token's <c>iss</c> must be <c>{authority}/{tid}/v2.0</c> with the token's own
/// <c>tid</c>, a GUID. Single-tenant apps also get the standard exact match; multi-tenant apps (<c>common</c>,
/// <c>organizations</c>, with <c>insecure_oidc_skip_issuer_verification</c>) rely on this check (§9), which also
/// works for sovereign clouds because the authority comes from configuration (oauth2-proxy #2939).</item>
/// <item>Tenants: <c>entra_id_allowed_tenants</c>, when set, admits only those <c>tid</c>s.</item>
/// <item>Email: many users have no <c>email</c> claim; fall back to <c>preferred_username</c>, then <c>upn</c> (#3082).</item>
/// <item>Groups: past 200 the token has an overage indicator; the list comes from Microsoft Graph (#3230: at
/// every refresh too).</item>
/// </list>
/// </summary>
internal sealed class EntraIdProviderEvents(ProviderOptions options, ResolveGroupOverage overage) : OidcProviderEvents
{
    private readonly EntraAuthority _authority = EntraAuthority.FromIssuerUrl(options.IssuerUrl);

    public override string? ValidateIdToken(JsonWebToken idToken, ProviderOptions providerOptions)
    {
        if (TenantOf(idToken) is not { } tenantId)
        {
            return "the ID token carries no tenant id ('tid' claim)";
        }

        var expectedIssuer = _authority.IssuerFor(tenantId);
        if (!string.Equals(idToken.Issuer, expectedIssuer, StringComparison.Ordinal))
        {
            return $"the ID token's issuer does not match its tenant (expected {expectedIssuer})";
        }

        return RefuseTenant(tenantId);
    }

    // Access tokens for this app may be v1.0 or v2.0 (the app manifest's accessTokenAcceptedVersion decides, not
    // the endpoint, §4.3); their issuers differ, so IdentityModel's single-issuer match is replaced by the check below.
    public override void ConfigureAccessTokenValidation(Microsoft.IdentityModel.Tokens.TokenValidationParameters parameters, ProviderOptions providerOptions) =>
        parameters.ValidateIssuer = false;

    /// <summary>
    /// A bearer token's issuer must be its own tenant's, in the form its <c>ver</c> says (v1.0:
    /// <c>https://sts.windows.net/{tid}/</c>, v2.0: <c>{authority}/{tid}/v2.0</c>); a single-tenant app also requires
    /// that tenant to be the configured one, as the ID token's exact issuer match does (oauth2-proxy #2719, #1333).
    /// </summary>
    public override string? ValidateAccessToken(JsonWebToken accessToken, ProviderOptions providerOptions, string? discoveredIssuer)
    {
        if (TenantOf(accessToken) is not { } tenantId)
        {
            return "the access token carries no tenant id ('tid' claim)";
        }

        var expected = Claim(accessToken, "ver") switch
        {
            "1.0" => _authority.V1IssuerFor(tenantId),
            "2.0" => _authority.IssuerFor(tenantId),
            _ => null,
        };
        if (expected is null || !string.Equals(accessToken.Issuer, expected, StringComparison.Ordinal))
        {
            return "the access token's issuer does not match its tenant and version";
        }

        if (!options.SkipIssuerVerification && !string.Equals(_authority.IssuerFor(tenantId), discoveredIssuer?.TrimEnd('/'), StringComparison.Ordinal))
        {
            return "the access token is from another tenant than this single-tenant app's";
        }

        return RefuseTenant(tenantId);
    }

    /// <summary>The token's <c>tid</c>, lower case, when it is a GUID; issuers are built from it, so nothing else will do.</summary>
    private static string? TenantOf(JsonWebToken token) =>
        Claim(token, "tid")?.ToLowerInvariant() is { } tenantId && Guid.TryParseExact(tenantId, "D", out _) ? tenantId : null;

    /// <summary><c>entra_id_allowed_tenants</c>: why this tenant may not sign in, or null; all tenants pass when unset.</summary>
    private string? RefuseTenant(string tenantId)
    {
        var allowed = options.EntraId.AllowedTenants;
        return allowed.Count == 0 || allowed.Contains(tenantId)
            ? null
            : $"your organization (tenant {tenantId}) may not sign in here (rule: entra_id_allowed_tenants)";
    }

    /// <summary>
    /// v1.0 tokens name the user in <c>upn</c>/<c>unique_name</c>, v2.0 in <c>preferred_username</c>. Groups past the
    /// overage limit cannot be read for a bearer token (it is not a Graph token), so a group rule denies, saying so.
    /// </summary>
    public override UserIdentity CreateIdentityFromAccessToken(JsonWebToken accessToken)
    {
        var identity = CreateIdentity(accessToken);
        identity = identity with
        {
            PreferredUsername = identity.PreferredUsername ?? Claim(accessToken, "upn") ?? Claim(accessToken, "unique_name"),
            Email = identity.Email ?? EmailShaped(Claim(accessToken, "unique_name")),
        };
        return ResolveGroupOverage.HasOverage(accessToken)
            ? identity with { GroupsProblem = "the bearer token's groups exceed the overage limit and Lanyard cannot read them for a bearer token" }
            : identity;
    }

    public override UserIdentity CreateIdentity(JsonWebToken idToken)
    {
        var identity = base.CreateIdentity(idToken);
        var email = identity.Email ?? EmailShaped(Claim(idToken, "preferred_username")) ?? EmailShaped(Claim(idToken, "upn"));
        return identity with { Email = email };
    }

    public override async ValueTask<UserIdentity> EnrichIdentityAsync(UserIdentity identity, JsonWebToken idToken, string? accessToken, CancellationToken cancellationToken)
    {
        if (!ResolveGroupOverage.HasOverage(idToken))
        {
            return identity;
        }

        return await overage.ResolveAsync(accessToken, cancellationToken) switch
        {
            GroupResolution.Resolved resolved => identity with { Groups = [.. identity.Groups.Union(resolved.Groups, StringComparer.OrdinalIgnoreCase)], GroupsProblem = null },
            GroupResolution.Unresolved unresolved => identity with { GroupsProblem = unresolved.Reason },
            _ => identity with { GroupsProblem = "group overage could not be resolved" },
        };
    }

    private static string? EmailShaped(string? value) => value is not null && value.Contains('@', StringComparison.Ordinal) ? value : null;
}
