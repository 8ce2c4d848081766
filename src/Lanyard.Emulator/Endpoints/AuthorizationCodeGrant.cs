using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// <c>grant_type=authorization_code</c> (entra-protocol.md §3.2). The code is burnt first, then checked for expiry,
/// client, tenant, redirect URI and PKCE verifier (required when the code has a challenge
/// or the client is public), each with Entra's AADSTS code.
/// </summary>
internal sealed class AuthorizationCodeGrant(
    EmulatorDirectory directory,
    AuthorizationCodeStore codes,
    ApiResources apiResources,
    TokenIssuer issuer,
    EmulatorStatistics statistics,
    TimeProvider time)
{
    public TokenOutcome Redeem(IFormCollection form, ClientAuthentication.Authenticated client, ResolvedTenant tenant, string authority)
    {
        var app = client.Application;
        if (FormValues.First(form, "code") is not { } presented)
        {
            return Fail(EntraErrors.MissingParameter("code"));
        }

        AuthorizationCode code;
        switch (codes.Redeem(presented))
        {
            case CodeRedemption.Redeemed redeemed:
                code = redeemed.Code;
                break;
            case CodeRedemption.AlreadyRedeemed:
                return Fail(EntraErrors.CodeAlreadyRedeemed());
            default:
                return Fail(EntraErrors.InvalidCode());
        }

        if (code.ExpiresAt <= time.GetUtcNow())
        {
            return Fail(EntraErrors.CodeExpired());
        }

        if (!string.Equals(code.SignIn.ClientId, app.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(EntraErrors.CodeIssuedToOtherClient());
        }

        if (tenant.Tenant is { } concrete && !string.Equals(concrete.Id, code.SignIn.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(EntraErrors.CodeForOtherTenant());
        }

        if (FormValues.First(form, "redirect_uri") is not { } redirectUri)
        {
            return Fail(EntraErrors.MissingParameter("redirect_uri"));
        }

        if (!string.Equals(redirectUri, code.RedirectUri, StringComparison.Ordinal))
        {
            return Fail(EntraErrors.RedirectUriDiffers(redirectUri, code.RedirectUri));
        }

        // A code issued with a challenge needs its verifier, whoever redeems it. Without one, only a client with a
        // credential may redeem it, as Entra lets confidential web apps do; a public client has nothing else to bind
        // the code to its own request, so Entra requires PKCE of it (AADSTS9002325).
        if (code.Challenge is { } challenge)
        {
            if (!challenge.IsMetBy(FormValues.First(form, "code_verifier")))
            {
                return Fail(EntraErrors.PkceMismatch());
            }
        }
        else if (client.Credential == ClientCredentialKind.PublicClient)
        {
            return Fail(EntraErrors.PkceRequired());
        }

        if (directory.FindUserByObjectId(code.SignIn.UserObjectId) is not { } user)
        {
            return Fail(EntraErrors.UserGone());
        }

        // /authorize already refused unknown resources; applications are never removed, so this only re-finds the API.
        var scopes = code.SignIn.Scopes;
        if (!apiResources.TryResolve(scopes, user.TenantId, app, out var api, out var apiError))
        {
            return Fail(apiError!);
        }

        statistics.CountAuthorizationCodeRedemption();
        return new TokenOutcome.Issued(issuer.Issue(authority, code.SignIn, scopes, user, app, client.Credential, code.Nonce, scopes.HasOfflineAccess, api));
    }

    private static TokenOutcome.Failed Fail(EntraError error) => new(error);
}
