namespace Lanyard.Emulator;

/// <summary>An app registration: who it is, where it may send codes, and how it proves itself.</summary>
public sealed record EmulatorApplication
{
    public required string ClientId { get; init; }

    public string? DisplayName { get; init; }

    public required string HomeTenantId { get; init; }

    public EmulatorSignInAudience SignInAudience { get; init; } = EmulatorSignInAudience.AzureADMyOrg;

    /// <summary>
    /// Exact-match redirect URIs; for <c>http://127.0.0.1</c> and <c>http://localhost</c> any port matches (Entra's
    /// loopback rule), so register them without a port.
    /// </summary>
    public IReadOnlyList<string> RedirectUris { get; init; } = [];

    /// <summary>Client secret values; empty means no secret can authenticate this client.</summary>
    public IReadOnlyList<string> ClientSecrets { get; init; } = [];

    /// <summary>
    /// Public X.509 certificates (standard base64 of the DER bytes) whose RSA keys may sign client assertions
    /// (<c>private_key_jwt</c>, §3.1); Entra keeps them in <c>keyCredentials</c>.
    /// </summary>
    public IReadOnlyList<string> Certificates { get; init; } = [];

    /// <summary>Up to 20 federated identity credentials (workload identity federation, §3.1).</summary>
    public IReadOnlyList<EmulatorFederatedIdentityCredential> FederatedIdentityCredentials { get; init; } = [];

    public IReadOnlyList<EmulatorAppRole> AppRoles { get; init; } = [];

    /// <summary>
    /// App roles of other applications (or its own) granted to this app with an administrator's consent: application
    /// permissions on an API, Entra's <c>appRoleAssignments</c> of its service principal (entra-protocol.md §6). Their
    /// values are the <c>roles</c> of its client-credentials tokens for that API.
    /// </summary>
    public IReadOnlyList<EmulatorAppRoleAssignment> AppRoleAssignments { get; init; } = [];

    /// <summary>
    /// Delegated permissions this app exposes as an API (Expose an API → scopes, the manifest's
    /// <c>oauth2PermissionScopes</c>), e.g. <c>user_impersonation</c>: what <c>{app}/.default</c> grants a user, and the
    /// only scopes consented (the emulator keeps no per-user records: these are consented for everyone). When the list
    /// is not empty, the token endpoint answers a request for another scope name of this API with AADSTS65001; when it
    /// is empty, any scope name is granted.
    /// </summary>
    public IReadOnlyList<string> ExposedScopes { get; init; } = [];

    /// <summary>
    /// Microsoft Graph application permissions granted to this app with an administrator's consent (API permissions →
    /// Application permissions), e.g. <c>GroupMember.Read.All</c>: the <c>roles</c> of its app-only Graph tokens.
    /// Without one, Graph answers the app's calls 403, as Entra's Graph does.
    /// </summary>
    public IReadOnlyList<string> GraphApplicationPermissions { get; init; } = [];

    /// <summary>The Graph application permissions the emulator's Graph stub understands.</summary>
    internal static readonly IReadOnlyList<string> KnownGraphApplicationPermissions = ["User.Read.All", "GroupMember.Read.All", "Group.Read.All", "Directory.Read.All"];

    /// <summary>
    /// "Allow public client flows" (the manifest's <c>isFallbackPublicClient</c>): the client may redeem device codes,
    /// refresh tokens and loopback auth codes with its client id alone, as kubectl's sign-in does.
    /// </summary>
    public bool AllowPublicClientFlows { get; init; }

    /// <summary>
    /// "ID tokens (used for implicit and hybrid flows)": Microsoft Graph's <c>web.implicitGrantSettings.enableIdTokenIssuance</c>,
    /// the manifest's <c>oauth2AllowIdTokenImplicitFlow</c>. Without it /authorize refuses <c>response_type</c>
    /// <c>id_token</c> and <c>code id_token</c> with AADSTS700054 (entra-protocol.md §2); codes alone always work.
    /// </summary>
    public bool EnableIdTokenIssuance { get; init; }

    /// <summary>
    /// The manifest's <c>accessTokenAcceptedVersion</c>: the shape of access tokens issued for this app as an API
    /// (entra-protocol.md §4.3). <c>null</c> or 1 gives v1.0 tokens, 2 gives v2.0; the endpoint the client used does
    /// not matter.
    /// </summary>
    public int? AccessTokenAcceptedVersion { get; init; }

    /// <summary>
    /// App ID URIs that name this app as a resource in scopes (<c>{uri}/access_as_user</c>). <c>api://{clientId}</c>
    /// names it whether listed or not, and so does the bare client id.
    /// </summary>
    public IReadOnlyList<string> IdentifierUris { get; init; } = [];

    /// <summary>
    /// Optional claims the registration asks for in its ID tokens (Token configuration). Supported:
    /// <see cref="XmsEdov"/>, "email domain owner verified", Microsoft's answer to email spoofing: Entra never
    /// verifies <c>email</c>, and any tenant's administrator can set a user's mail to anyone's address.
    /// </summary>
    public IReadOnlyList<string> OptionalClaims { get; init; } = [];

    /// <summary>The <c>xms_edov</c> optional claim.</summary>
    public const string XmsEdov = "xms_edov";

    /// <summary>Optional claims the emulator knows how to emit.</summary>
    internal static readonly IReadOnlyList<string> SupportedOptionalClaims = [XmsEdov];

    internal string Name => string.IsNullOrWhiteSpace(DisplayName) ? ClientId : DisplayName;

    // The generated record ToString would be the first place a secret leaks from (a log line, an assertion message).
    public override string ToString() =>
        $"EmulatorApplication {{ ClientId = {ClientId}, DisplayName = {DisplayName}, HomeTenantId = {HomeTenantId}, " +
        $"SignInAudience = {SignInAudience}, AllowPublicClientFlows = {AllowPublicClientFlows}, EnableIdTokenIssuance = {EnableIdTokenIssuance}, ClientSecrets = [{ClientSecrets.Count} redacted], " +
        $"AccessTokenAcceptedVersion = {AccessTokenAcceptedVersion}, IdentifierUris = [{string.Join(", ", IdentifierUris)}], Certificates = {Certificates.Count}, " +
        $"FederatedIdentityCredentials = {FederatedIdentityCredentials.Count}, ExposedScopes = [{string.Join(", ", ExposedScopes)}], GraphApplicationPermissions = [{string.Join(", ", GraphApplicationPermissions)}], " +
        $"AppRoleAssignments = [{string.Join(", ", AppRoleAssignments.Select(a => $"{a.ClientId}:{a.RoleValue}"))}], OptionalClaims = [{string.Join(", ", OptionalClaims)}] }}";
}
