using System.Text.Json;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// An app-only Microsoft Graph token from the client-credentials grant (entra-protocol.md §3.2, §4.3), shaped like
/// Entra's: v1.0, <c>aud</c> Graph's resource URI, <c>roles</c> the app's consented Graph application permissions
/// (absent when it has none, and then Graph answers 403), no <c>scp</c>, <c>idtyp</c> app, <c>oid</c> = <c>sub</c> =
/// the app's service principal in the tenant.
/// </summary>
internal static class GraphAppOnlyTokenClaims
{
    public static void Write(
        Utf8JsonWriter w, string authority, string tenantId, EmulatorApplication client, ClientCredentialKind credential, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        w.WriteString("aud", WellKnownIds.GraphResource);
        w.WriteString("iss", V1Issuer.For(authority, tenantId));
        w.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
        w.WriteNumber("nbf", issuedAt.ToUnixTimeSeconds());
        w.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
        w.WriteString("aio", OpaqueValue.Create(48));
        w.WriteString("app_displayname", client.Name);
        w.WriteString("appid", client.ClientId);
        w.WriteString("appidacr", credential.Strength());
        w.WriteString("idp", $"https://sts.windows.net/{tenantId}/");
        w.WriteString("idtyp", "app");
        var servicePrincipal = AppOnlyTokenClaims.ServicePrincipalId(client.ClientId, tenantId);
        w.WriteString("oid", servicePrincipal);
        w.WriteString("rh", $"1.A{OpaqueValue.Create(48)}");
        if (client.GraphApplicationPermissions.Count > 0)
        {
            w.WriteStartArray("roles");
            foreach (var permission in client.GraphApplicationPermissions)
            {
                w.WriteStringValue(permission);
            }

            w.WriteEndArray();
        }

        w.WriteString("sub", servicePrincipal);
        w.WriteString("tid", tenantId);
        w.WriteString("uti", OpaqueValue.Create(16));
        w.WriteString("ver", "1.0");
    }
}
