using System.Text.Json;
using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// An access token for an API of the directory, in the version its manifest accepts (entra-protocol.md §4.3). Unlike
/// Graph tokens these are the relying party's to validate, so the differences matter: v1.0 names the caller
/// <c>appid</c>/<c>appidacr</c>, the user <c>upn</c>/<c>unique_name</c>, and its audience is the resource as asked;
/// v2.0 says <c>azp</c>/<c>azpacr</c>, <c>preferred_username</c>, and its audience is always the API's client id.
/// <c>roles</c> are the user's app roles on the API, not on the calling client.
/// </summary>
internal static class ApiAccessTokenClaims
{
    public static void Write(Utf8JsonWriter w, TokenClaimsContext c, ApiResource api, IReadOnlyList<string> roles)
    {
        var v2 = api.IssuesV2;
        var tenantId = c.SignIn.TenantId;
        w.WriteString("aud", v2 ? api.Application.ClientId : api.Audience);
        w.WriteString("iss", v2 ? $"{c.Authority}/{tenantId}/v2.0" : V1Issuer.For(c.Authority, tenantId));
        w.WriteNumber("iat", c.IssuedAt.ToUnixTimeSeconds());
        w.WriteNumber("nbf", c.IssuedAt.ToUnixTimeSeconds());
        w.WriteNumber("exp", c.ExpiresAt.ToUnixTimeSeconds());
        if (!v2)
        {
            w.WriteString("acr", "1");
        }

        w.WriteString("aio", OpaqueValue.Create(48));
        var credentialStrength = c.Credential.Strength();
        if (v2)
        {
            w.WriteString("azp", c.Application.ClientId);
            w.WriteString("azpacr", credentialStrength);
        }
        else
        {
            w.WriteStartArray("amr");
            w.WriteStringValue("pwd");
            w.WriteEndArray();
            w.WriteString("appid", c.Application.ClientId);
            w.WriteString("appidacr", credentialStrength);
        }

        GroupClaims.Write(w, c);
        if (c.User.IdentityProvider is { } idp)
        {
            w.WriteString("idp", idp);
        }

        w.WriteString("name", c.User.DisplayName);
        w.WriteString("oid", c.User.ObjectId);
        if (v2)
        {
            w.WriteString("preferred_username", c.User.SignInName);
        }

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

        // .default grants the API's exposed scopes; an API that exposes none gives a token without scp.
        var scp = string.Join(' ', api.ScopeNames);
        if (scp.Length > 0)
        {
            w.WriteString("scp", scp);
        }

        w.WriteString("sid", c.SignIn.SessionId);
        w.WriteString("sub", PairwiseSubject.For(c.User.ObjectId, api.Application.ClientId, tenantId));
        w.WriteString("tid", tenantId);
        if (!v2)
        {
            w.WriteString("unique_name", c.User.SignInName);
            if (!c.User.IsGuest)
            {
                w.WriteString("upn", c.User.UserPrincipalName);
            }
        }

        w.WriteString("uti", OpaqueValue.Create(16));
        w.WriteString("ver", v2 ? "2.0" : "1.0");
    }
}
