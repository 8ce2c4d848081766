namespace Lanyard.Configuration;

internal enum ProviderType
{
    Oidc,
    EntraId,
}

/// <summary>The identity provider and this app's registration with it.</summary>
/// <param name="SkipIssuerVerification"><c>insecure_oidc_skip_issuer_verification</c>: no exact issuer match at
/// discovery and in ID tokens. For Entra ID the tenant-bound issuer check still applies.</param>
/// <param name="AllowUnverifiedEmail"><c>insecure_oidc_allow_unverified_email</c>: accept <c>email_verified: false</c>
/// (generic OIDC) and trust Entra ID's unverified <c>email</c> (issue 9, finding 1).</param>
/// <param name="BearerAllowedClients"><c>bearer_token_allowed_clients</c>: when set, a bearer token's calling app
/// (<c>azp</c>, v1 <c>appid</c>, RFC 9068 <c>client_id</c>) must be one of these.</param>
/// <param name="BearerAllowApplications"><c>bearer_token_allow_applications</c>: accept app-only (client
/// credentials) tokens, as applications rather than users.</param>
internal sealed record ProviderOptions(
    ProviderType Type,
    string DisplayName,
    Uri IssuerUrl,
    string ClientId,
    ClientCredentialOptions Credential,
    IReadOnlyList<string> Scopes,
    Uri? RedirectUrl,
    bool SkipIssuerVerification,
    EntraIdOptions EntraId,
    string? Prompt = null,
    bool AcceptBearerTokens = false,
    IReadOnlyList<string>? ExtraAudiences = null,
    bool AllowUnverifiedEmail = false,
    IReadOnlyList<string>? BearerAllowedClients = null,
    bool BearerAllowApplications = false,
    ClaimOptions? ClaimNames = null,
    ProviderEndpointOptions? EndpointOptions = null)
{
    /// <summary>What the authorize request carries besides the code flow's own parameters (<see cref="SignInRequestOptions"/>).</summary>
    public SignInRequestOptions SignInRequest { get; init; } = SignInRequestOptions.Default;

    /// <summary>Audience claims and signing algorithms accepted in ID and bearer tokens (<see cref="TokenValidationOptions"/>).</summary>
    public TokenValidationOptions TokenValidation { get; init; } = TokenValidationOptions.Default;

    /// <summary><c>extra_jwt_issuers</c>: other issuers whose bearer tokens are accepted, each for one audience.</summary>
    public IReadOnlyList<ExtraJwtIssuer> ExtraJwtIssuers { get; init; } = [];

    /// <summary><c>provider_ca_files</c> / <c>use_system_trust_store</c>, or null for the system's roots.</summary>
    public ProviderTrustOptions? Trust { get; init; }

    /// <summary><c>bearer_token_login_fallback</c>: a refused bearer token still lets the session cookie (or a sign-in)
    /// decide; false answers the request 403 at once, as oauth2-proxy does.</summary>
    public bool BearerLoginFallback { get; init; } = true;

    /// <summary><c>bearer_token_cache_size</c>: how many validated bearer tokens are remembered (by hash); 0 validates every request.</summary>
    public int BearerTokenCacheSize { get; init; } = DefaultBearerTokenCacheSize;

    public const int DefaultBearerTokenCacheSize = 10000;

    /// <summary><c>backend_logout_url</c>: the URL template (with oauth2-proxy's <c>{id_token}</c> placeholder) Lanyard
    /// calls at sign-out, or null.</summary>
    public string? BackendLogoutUrl { get; init; }

    /// <summary>Where the provider's endpoints and keys come from: discovery, or the URLs configured instead of it.</summary>
    public ProviderEndpointOptions Endpoints => EndpointOptions ?? ProviderEndpointOptions.Discovered;

    /// <summary>Which ID token claims carry the email and the groups (<c>oidc_email_claim</c>, <c>oidc_groups_claim</c>).</summary>
    public ClaimOptions Claims => ClaimNames ?? ClaimOptions.Default;

    /// <summary>The name users configure the provider by, as it is recorded in sessions (<see cref="Sessions.SessionBinding"/>).</summary>
    public string TypeName => Type == ProviderType.EntraId ? "entra-id" : "oidc";

    public string Scope => string.Join(' ', Scopes);

    /// <summary>What a bearer token's <c>aud</c> may be: this app's client id, or one of <c>oidc_extra_audiences</c>.</summary>
    public IReadOnlyList<string> BearerAudiences { get; } = [ClientId, .. ExtraAudiences ?? []];
}

/// <summary>oauth2-proxy's claim options: where the session's email and groups come from.</summary>
/// <param name="Email"><c>oidc_email_claim</c> (or the deprecated <c>user_id_claim</c> when that is the one changed).</param>
/// <param name="Groups"><c>oidc_groups_claim</c>.</param>
internal sealed record ClaimOptions(string Email = "email", string Groups = "groups")
{
    public static ClaimOptions Default { get; } = new();
}

/// <summary>One <c>extra_jwt_issuers</c> entry (<c>issuer=audience</c>): tokens from <paramref name="Issuer"/>, keys from its discovery document, addressed to <paramref name="Audience"/>.</summary>
internal sealed record ExtraJwtIssuer(Uri Issuer, string Audience);
