using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// An app-only access token from the client-credentials grant (entra-protocol.md §3.2, §4.3), for an API of the
/// directory or for Microsoft Graph: no user, no <c>scp</c>, <c>idtyp</c> app, <c>oid</c> = <c>sub</c> = the client's
/// service principal in the tenant.
/// </summary>
internal static class AppOnlyTokenClaims
{
    /// <summary>
    /// For an API of the directory: its v1.0 or v2.0 shape, as its <c>accessTokenAcceptedVersion</c> says; <c>roles</c>
    /// the API's app roles granted to the client (absent when none are).
    /// </summary>
    public static void Write(
        Utf8JsonWriter w, string authority, string tenantId, EmulatorApplication client, ClientCredentialKind credential, ApiResource api,
        DateTimeOffset issuedAt, DateTimeOffset expiresAt) =>
        Write(w, api.IssuesV2 ? api.Application.ClientId : api.Audience, api.IssuesV2, appDisplayName: null, GrantedAppRoles.On(api.Application, client.AppRoleAssignments), authority, tenantId, client, credential, issuedAt, expiresAt);

    /// <summary>
    /// For Microsoft Graph: v1.0, <c>aud</c> Graph's resource URI, <c>roles</c> the app's consented Graph application
    /// permissions (absent when it has none, and then Graph answers 403).
    /// </summary>
    public static void WriteForGraph(
        Utf8JsonWriter w, string authority, string tenantId, EmulatorApplication client, ClientCredentialKind credential, DateTimeOffset issuedAt, DateTimeOffset expiresAt) =>
        Write(w, WellKnownIds.GraphResource, v2: false, client.Name, client.GraphApplicationPermissions, authority, tenantId, client, credential, issuedAt, expiresAt);

    private static void Write(
        Utf8JsonWriter w, string audience, bool v2, string? appDisplayName, IReadOnlyList<string> roles, string authority, string tenantId,
        EmulatorApplication client, ClientCredentialKind credential, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        w.WriteString("aud", audience);
        w.WriteString("iss", v2 ? $"{authority}/{tenantId}/v2.0" : V1Issuer.For(authority, tenantId));
        w.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
        w.WriteNumber("nbf", issuedAt.ToUnixTimeSeconds());
        w.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
        w.WriteString("aio", OpaqueValue.Create(48));
        if (appDisplayName is not null)
        {
            w.WriteString("app_displayname", appDisplayName);
        }

        w.WriteString(v2 ? "azp" : "appid", client.ClientId);
        w.WriteString(v2 ? "azpacr" : "appidacr", credential.Strength());
        w.WriteString("idp", $"https://sts.windows.net/{tenantId}/");
        w.WriteString("idtyp", "app");
        var servicePrincipal = ServicePrincipalId(client.ClientId, tenantId);
        w.WriteString("oid", servicePrincipal);
        w.WriteString("rh", $"1.A{OpaqueValue.Create(48)}");
        if (roles.Count > 0)
        {
            w.WriteStartArray("roles");
            foreach (var role in roles)
            {
                w.WriteStringValue(role);
            }

            w.WriteEndArray();
        }

        w.WriteString("sub", servicePrincipal);
        w.WriteString("tid", tenantId);
        w.WriteString("uti", OpaqueValue.Create(16));
        w.WriteString("ver", v2 ? "2.0" : "1.0");
    }

    /// <summary>
    /// Service principals are not modelled; each (application, tenant) gets a stable object id of its own, distinct
    /// from the client id as in Entra, so a relying party that confuses <c>appid</c> and <c>oid</c> is caught.
    /// </summary>
    public static string ServicePrincipalId(string clientId, string tenantId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"service-principal:{clientId.ToLowerInvariant()}:{tenantId.ToLowerInvariant()}"));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }
}
