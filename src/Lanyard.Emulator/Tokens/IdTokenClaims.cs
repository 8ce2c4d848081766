using System.Text.Json;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>The v2.0 ID token's claims, in the order Entra emits them (entra-protocol.md §4.2).</summary>
internal static class IdTokenClaims
{
    public static void Write(Utf8JsonWriter w, TokenClaimsContext c)
    {
        var scopes = c.SignIn.Scopes;
        w.WriteString("aud", c.Application.ClientId);
        w.WriteString("iss", $"{c.Authority}/{c.SignIn.TenantId}/v2.0");
        w.WriteNumber("iat", c.IssuedAt.ToUnixTimeSeconds());
        w.WriteNumber("nbf", c.IssuedAt.ToUnixTimeSeconds());
        w.WriteNumber("exp", c.ExpiresAt.ToUnixTimeSeconds());
        w.WriteString("aio", OpaqueValue.Create(48));
        if (c.CodeHash is not null)
        {
            w.WriteString("c_hash", c.CodeHash);
        }

        // email needs the email scope; name, preferred_username and oid need profile (§4.2).
        if (scopes.HasEmail && c.User.Email is { Length: > 0 } email)
        {
            w.WriteString("email", email);

            // "Email domain owner verified": is the address's domain one the user's own tenant has verified?
            if (c.Application.OptionalClaims.Contains(EmulatorApplication.XmsEdov, StringComparer.Ordinal))
            {
                w.WriteBoolean(EmulatorApplication.XmsEdov, c.EmailDomainVerified);
            }
        }

        GroupClaims.Write(w, c);
        if (c.User.IdentityProvider is { } idp)
        {
            w.WriteString("idp", idp);
        }

        if (scopes.HasProfile)
        {
            w.WriteString("name", c.User.DisplayName);
        }

        if (c.Nonce is not null)
        {
            w.WriteString("nonce", c.Nonce);
        }

        if (scopes.HasProfile)
        {
            w.WriteString("oid", c.User.ObjectId);
            w.WriteString("preferred_username", c.User.SignInName);
        }

        w.WriteString("rh", $"1.A{OpaqueValue.Create(48)}");
        if (c.Roles.Count > 0)
        {
            w.WriteStartArray("roles");
            foreach (var role in c.Roles)
            {
                w.WriteStringValue(role);
            }

            w.WriteEndArray();
        }

        w.WriteString("sid", c.SignIn.SessionId);
        w.WriteString("sub", PairwiseSubject.For(c.User.ObjectId, c.Application.ClientId, c.SignIn.TenantId));
        w.WriteString("tid", c.SignIn.TenantId);
        w.WriteString("uti", OpaqueValue.Create(16));
        w.WriteString("ver", "2.0");
    }
}
