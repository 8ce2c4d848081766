using System.Collections.Frozen;
using Lanyard.Configuration;
using Lanyard.Identity;
using Lanyard.Providers.Oidc;
using Lanyard.Sessions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.Providers.Entra;

/// <summary>
/// Entra ID's differences from plain OpenID Connect (reference: entra-protocol.md).
/// <list type="bullet">
/// <item>Issuer: whatever the mode, the token's <c>iss</c> must be <c>{authority}/{tid}/v2.0</c> with the token's own
/// <c>tid</c>, a GUID. Single-tenant apps also get the standard exact match; multi-tenant apps (<c>common</c>,
/// <c>organizations</c>, whose discovery names the <c>{tenantid}</c> template, or oauth2-proxy's
/// <c>insecure_oidc_skip_issuer_verification</c>) rely on this check (§9), as Microsoft.IdentityModel.Validators'
/// AadIssuerValidator does; it works for sovereign clouds because the authority comes from configuration
/// (oauth2-proxy #2939).</item>
/// <item>Tenants: <c>entra_id_allowed_tenants</c>, when set, admits only those <c>tid</c>s, at sign-in and on every
/// request (the session is bound to its tenant); <c>organizations</c> never admits personal accounts, nor
/// <c>consumers</c> anyone else.</item>
/// <item>Email: many users have no <c>email</c> claim; fall back to <c>preferred_username</c>, then <c>upn</c> (#3082),
/// and trust any of them only where Entra vouches for it (<see cref="TrustEntraEmail"/>).</item>
/// <item>Bearer tokens: delegated (<c>scp</c>) or app-only (<c>idtyp: app</c>, or <c>roles</c> with
/// <c>oid</c> = <c>sub</c>), always naming the calling app (<c>azp</c>, v1 <c>appid</c>); ID tokens are refused.</item>
/// <item>Groups: past 200 the token has an overage indicator; the list comes from Microsoft Graph (#3230: at
/// every refresh too).</item>
/// </list>
/// </summary>
internal sealed class EntraIdProviderEvents : OidcProviderEvents
{
    private readonly EntraAuthority _authority;
    private readonly ResolveGroupOverage _overage;
    private readonly TrustEntraEmail _emails;
    private readonly FrozenSet<string> _allowedTenants;
    private readonly bool _admitsManyTenants;
    private readonly string? _endpoint;

    public EntraIdProviderEvents(ProviderOptions options, ResolveGroupOverage overage)
        : base(options)
    {
        _authority = EntraAuthority.FromIssuerUrl(options.IssuerUrl);
        _overage = overage;
        _emails = new TrustEntraEmail(options, _authority);
        _allowedTenants = options.EntraId.AllowedTenants.ToFrozenSet(StringComparer.Ordinal);
        _admitsManyTenants = EntraTenants.AdmitsManyTenants(options);
        _endpoint = EntraTenants.EndpointOf(options.IssuerUrl);
    }

    protected override bool MatchesIssuerExactly => !_admitsManyTenants;

    /// <summary>
    /// A multi-tenant endpoint's discovery document names Entra's issuer template, <c>{authority}/{tenantid}/v2.0</c>
    /// (<c>consumers</c>: the personal-accounts tenant's issuer), at the configured authority; anything else, one
    /// tenant's issuer included, is not the Entra this configuration names. Single-tenant apps get the standard exact
    /// match.
    /// </summary>
    public override string? ValidateDiscoveredIssuer(string? discoveredIssuer, ProviderOptions options)
    {
        if (options.SkipIssuerVerification || _endpoint is null)
        {
            return base.ValidateDiscoveredIssuer(discoveredIssuer, options);
        }

        var expected = _authority.IssuerFor(_endpoint == "consumers" ? EntraTenants.PersonalAccounts : "{tenantid}");
        return string.Equals(discoveredIssuer?.TrimEnd('/'), expected, StringComparison.Ordinal)
            ? null
            : $"the discovery document names issuer '{discoveredIssuer}', but Entra ID's endpoint oidc_issuer_url '{options.IssuerUrl}' names '{expected}'";
    }

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
    /// An Entra token names its tenant's issuer, v2.0 or v1.0 (§4.3), of a tenant this configuration admits (the
    /// single tenant, or an allowed one); anything else would be refused anyway and is not worth a key refresh.
    /// </summary>
    public override bool IsPlausibleIssuer(JsonWebToken token, string? discoveredIssuer) =>
        TenantOf(token) is { } tenantId
        && (string.Equals(token.Issuer, _authority.IssuerFor(tenantId), StringComparison.Ordinal) || string.Equals(token.Issuer, _authority.V1IssuerFor(tenantId), StringComparison.Ordinal))
        && (_admitsManyTenants || string.Equals(_authority.IssuerFor(tenantId), discoveredIssuer?.TrimEnd('/'), StringComparison.Ordinal))
        && RefuseTenant(tenantId) is null;

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

        if (!_admitsManyTenants && !string.Equals(_authority.IssuerFor(tenantId), discoveredIssuer?.TrimEnd('/'), StringComparison.Ordinal))
        {
            return "the access token is from another tenant than this single-tenant app's";
        }

        return RefuseTenant(tenantId);
    }

    /// <summary>
    /// Entra's token types (entra-protocol.md §4.3): every access token names the app that asked for it (v2.0
    /// <c>azp</c>, v1.0 <c>appid</c>), an ID token does not (and carries <c>nonce</c>). Delegated user tokens carry
    /// <c>scp</c>; app-only tokens carry none, and say <c>idtyp: app</c> (an optional claim) or have
    /// <c>oid</c> = <c>sub</c> (the service principal). A token without <c>scp</c> that is not app-only is not an
    /// access token for a user.
    /// </summary>
    public override BearerTokenType ClassifyBearerToken(JsonWebToken token)
    {
        if (IdTokenMark(token) is { } mark)
        {
            return new BearerTokenType.Refused($"it is an ID token (it carries '{mark}'), not an access token; send an access token issued for this API");
        }

        var client = Claim(token, "azp") ?? Claim(token, "appid");
        if (client is null)
        {
            return new BearerTokenType.Refused("it names no calling application (azp or appid), as every Entra ID access token does; an ID token is not an access token");
        }

        if (RefuseClient(client) is { } refused)
        {
            return refused;
        }

        var idType = Claim(token, "idtyp");
        var hasScopes = Claim(token, "scp") is not null;
        if (string.Equals(idType, "app", StringComparison.Ordinal))
        {
            return hasScopes ? new BearerTokenType.Refused("it says it is an app-only token (idtyp: app) but carries delegated scopes (scp)") : ApplicationUnlessRefused();
        }

        if (hasScopes)
        {
            return BearerTokenType.User;
        }

        var objectId = Claim(token, "oid");
        return objectId is not null && string.Equals(objectId, Claim(token, "sub"), StringComparison.Ordinal) && !string.Equals(idType, "user", StringComparison.Ordinal)
            ? ApplicationUnlessRefused()
            : new BearerTokenType.Refused("it carries no delegated scopes (scp) and is not an app-only token, so it is not an access token for a user of this API");
    }

    /// <summary>
    /// v1.0 tokens name the user in <c>upn</c>/<c>unique_name</c>, v2.0 in <c>preferred_username</c>. Groups past the
    /// overage limit cannot be read for a bearer token (it is not a Graph token), so a group rule denies, saying so.
    /// </summary>
    public override UserIdentity CreateIdentityFromAccessToken(JsonWebToken accessToken, BearerTokenType type)
    {
        if (type is BearerTokenType.Application)
        {
            return ApplicationIdentity(accessToken);
        }

        var preferredUsername = Claim(accessToken, "preferred_username") ?? Claim(accessToken, "upn") ?? Claim(accessToken, "unique_name");
        var identity = WithTrustedEmail(base.CreateIdentity(accessToken), accessToken,
            EmailShaped(Claim(accessToken, "preferred_username")) ?? EmailShaped(Claim(accessToken, "upn")) ?? EmailShaped(Claim(accessToken, "unique_name")));
        identity = identity with { PreferredUsername = preferredUsername };
        return ResolveGroupOverage.HasOverage(accessToken)
            ? identity with { GroupsProblem = "the bearer token's groups exceed the overage limit and Lanyard cannot read them for a bearer token" }
            : identity;
    }

    public override UserIdentity CreateIdentity(JsonWebToken idToken) =>
        WithTrustedEmail(base.CreateIdentity(idToken), idToken, EmailShaped(Claim(idToken, "preferred_username")) ?? EmailShaped(Claim(idToken, "upn")));

    public override async ValueTask<UserIdentity> EnrichIdentityAsync(UserIdentity identity, JsonWebToken idToken, string? accessToken, CancellationToken cancellationToken)
    {
        // azure_graph_group_field other than id: groups by that property from Graph at every sign-in, next to the
        // token's ids, as oauth2-proxy's azure provider does; by id, Graph only when the token could not hold them all.
        if (!Options.EntraId.GroupsFromGraphAlways && !ResolveGroupOverage.HasOverage(idToken))
        {
            return identity;
        }

        return await _overage.ResolveAsync(accessToken, cancellationToken) switch
        {
            GroupResolution.Resolved resolved => identity with { Groups = [.. identity.Groups.Union(resolved.Groups, StringComparer.OrdinalIgnoreCase)], GroupsProblem = null },
            GroupResolution.Unresolved unresolved => identity with { GroupsProblem = unresolved.Reason },
            _ => identity with { GroupsProblem = "group overage could not be resolved" },
        };
    }

    public override SessionBinding Bind(JsonWebToken idToken) => base.Bind(idToken) with { TenantId = TenantOf(idToken) };

    /// <summary>
    /// The generic checks, then the ones the ID token passed at sign-in, against today's settings: the issuer is
    /// the session's tenant's, that tenant is this single-tenant app's or an allowed one.
    /// </summary>
    public override string? ValidateBinding(SessionBinding? binding)
    {
        if (base.ValidateBinding(binding) is { } problem)
        {
            return problem;
        }

        if (binding!.TenantId is not { } tenantId || !string.Equals(binding.Issuer, _authority.IssuerFor(tenantId), StringComparison.Ordinal))
        {
            return "the session's issuer does not match its tenant";
        }

        return RefuseTenant(tenantId);
    }

    /// <summary>The token's <c>tid</c>, lower case, when it is a GUID; issuers are built from it, so nothing else will do.</summary>
    private static string? TenantOf(JsonWebToken token) =>
        Claim(token, "tid")?.ToLowerInvariant() is { } tenantId && Guid.TryParseExact(tenantId, "D", out _) ? tenantId : null;

    /// <summary><c>entra_id_allowed_tenants</c>: why this tenant may not sign in, or null; all tenants pass when unset.</summary>
    private string? RefuseTenant(string tenantId) =>
        EntraTenants.RefusalByEndpoint(_endpoint, tenantId)
        ?? (_allowedTenants.Count == 0 || _allowedTenants.Contains(tenantId)
            ? null
            : $"your organization (tenant {tenantId}) may not sign in here (rule: entra_id_allowed_tenants)");

    /// <summary>The <c>email</c> claim, else <paramref name="fallback"/>, kept only where Entra vouches for it.</summary>
    private UserIdentity WithTrustedEmail(UserIdentity identity, JsonWebToken token, string? fallback)
    {
        // Entra ID's xms_edov vouches for the email claim only; a value from another claim (oidc_email_claim = upn,
        // user_id_claim = oid) is trusted as any other unverified address is: for the tenants this app pins.
        var fromEmailClaim = identity.Email is not null && Options.Claims.Email == "email";
        var (email, problem) = _emails.Evaluate(token, identity.Email ?? fallback, fromEmailClaim);
        return identity with { Email = email, EmailProblem = problem };
    }

    private static string? EmailShaped(string? value) => value is not null && value.Contains('@', StringComparison.Ordinal) ? value : null;
}
