using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// An app-only access token from the client-credentials grant (entra-protocol.md §3.2, §4.3): no user, no
/// <c>scp</c>, <c>idtyp</c> app, <c>oid</c> = <c>sub</c> = the client's service principal in the tenant.
/// </summary>
internal static class AppOnlyTokenClaims
{
    public static void Write(
        Utf8JsonWriter w, string authority, string tenantId, EmulatorApplication client, ClientCredentialKind credential, ApiResource api,
        DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var v2 = api.IssuesV2;
        w.WriteString("aud", v2 ? api.Application.ClientId : api.Audience);
        w.WriteString("iss", v2 ? $"{authority}/{tenantId}/v2.0" : V1Issuer.For(authority, tenantId));
        w.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
        w.WriteNumber("nbf", issuedAt.ToUnixTimeSeconds());
        w.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
        w.WriteString("aio", OpaqueValue.Create(48));
        w.WriteString(v2 ? "azp" : "appid", client.ClientId);
        w.WriteString(v2 ? "azpacr" : "appidacr", credential.Strength());
        w.WriteString("idp", $"https://sts.windows.net/{tenantId}/");
        w.WriteString("idtyp", "app");
        var servicePrincipal = ServicePrincipalId(client.ClientId, tenantId);
        w.WriteString("oid", servicePrincipal);
        w.WriteString("rh", $"1.A{OpaqueValue.Create(48)}");
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
