using System.Text.Json;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// A Microsoft Graph access token's claims, shaped like Entra's v1.0 tokens (entra-protocol.md §4.3). Graph tokens
/// are not meant for the relying party to read; the emulator's Graph stub accepts them. <c>appidacr</c> is 1 for a
/// secret and 2 for a certificate or federated assertion. <c>iss</c> follows <see cref="V1Issuer"/>.
/// </summary>
internal static class GraphAccessTokenClaims
{
    public static void Write(Utf8JsonWriter w, TokenClaimsContext c)
    {
        w.WriteString("aud", WellKnownIds.GraphAppId);
        w.WriteString("iss", V1Issuer.For(c.Authority, c.SignIn.TenantId));
        w.WriteNumber("iat", c.IssuedAt.ToUnixTimeSeconds());
        w.WriteNumber("nbf", c.IssuedAt.ToUnixTimeSeconds());
        w.WriteNumber("exp", c.ExpiresAt.ToUnixTimeSeconds());
        w.WriteString("acct", "0");
        w.WriteString("acr", "1");
        w.WriteString("aio", OpaqueValue.Create(48));
        w.WriteStartArray("amr");
        w.WriteStringValue("pwd");
        w.WriteEndArray();
        w.WriteString("app_displayname", c.Application.Name);
        w.WriteString("appid", c.Application.ClientId);
        w.WriteString("appidacr", c.Credential.Strength());
        GroupClaims.Write(w, c);
        if (c.User.IdentityProvider is { } idp)
        {
            w.WriteString("idp", idp);
        }

        w.WriteString("idtyp", "user");
        w.WriteString("name", c.User.DisplayName);
        w.WriteString("oid", c.User.ObjectId);
        w.WriteString("rh", $"1.A{OpaqueValue.Create(48)}");
        w.WriteString("scp", c.SignIn.Scopes.GraphScp);
        w.WriteString("sid", c.SignIn.SessionId);
        w.WriteString("sub", PairwiseSubject.For(c.User.ObjectId, WellKnownIds.GraphAppId, c.SignIn.TenantId));
        w.WriteString("tid", c.SignIn.TenantId);
        w.WriteString("unique_name", c.User.SignInName);
        if (!c.User.IsGuest)
        {
            w.WriteString("upn", c.User.UserPrincipalName);
        }
        w.WriteString("uti", OpaqueValue.Create(16));
        w.WriteString("ver", "1.0");
    }
}
