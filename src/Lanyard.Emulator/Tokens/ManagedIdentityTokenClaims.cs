using System.Text.Json;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// An app-only v2.0 token for a managed identity (entra-protocol.md §4.3, §7.1): no <c>scp</c>, <c>idtyp</c> app,
/// <c>oid</c> = <c>sub</c> = the identity's object id, <c>aud</c> the requested resource, <c>roles</c> the app roles
/// of that resource granted to the identity (absent when it is no directory API or none are granted).
/// </summary>
internal static class ManagedIdentityTokenClaims
{
    public static void Write(
        Utf8JsonWriter w, string authority, EmulatorManagedIdentity identity, string resource, IReadOnlyList<string> roles,
        DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        w.WriteString("aud", resource);
        w.WriteString("iss", $"{authority}/{identity.TenantId}/v2.0");
        w.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
        w.WriteNumber("nbf", issuedAt.ToUnixTimeSeconds());
        w.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
        w.WriteString("aio", OpaqueValue.Create(48));
        w.WriteString("azp", identity.ClientId);
        w.WriteString("azpacr", "2");
        w.WriteString("idp", $"https://sts.windows.net/{identity.TenantId}/");
        w.WriteString("idtyp", "app");
        w.WriteString("oid", identity.ObjectId);
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

        w.WriteString("sub", identity.ObjectId);
        w.WriteString("tid", identity.TenantId);
        w.WriteString("uti", OpaqueValue.Create(16));
        w.WriteString("ver", "2.0");
        if (identity.ResourceId is { } resourceId)
        {
            w.WriteString("xms_mirid", resourceId);
        }
    }
}
