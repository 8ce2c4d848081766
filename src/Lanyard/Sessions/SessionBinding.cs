using System.Text.Json.Serialization;

namespace Lanyard.Sessions;

/// <summary>
/// What a session was made for: which provider, which app registration, which issuer (and, for Entra ID, which
/// tenant) signed the user in. Checked on every load against today's configuration (issue 9, finding 5): a cookie
/// minted by a replica with another tenant list or client id, under the same cookie secret, is no session here,
/// and removing a tenant from <c>entra_id_allowed_tenants</c> ends that tenant's sessions at once.
/// </summary>
/// <param name="Provider">The provider type as configured (<c>oidc</c>, <c>entra-id</c>).</param>
/// <param name="ClientId">The app registration that redeemed the code.</param>
/// <param name="Issuer">The ID token's <c>iss</c>.</param>
/// <param name="TenantId">Entra ID: the ID token's <c>tid</c>; null for other providers.</param>
internal sealed record SessionBinding(
    [property: JsonPropertyName("p")] string Provider,
    [property: JsonPropertyName("c")] string ClientId,
    [property: JsonPropertyName("i")] string Issuer,
    [property: JsonPropertyName("t")] string? TenantId = null);
