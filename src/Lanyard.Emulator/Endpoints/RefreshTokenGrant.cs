using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// <c>grant_type=refresh_token</c> (entra-protocol.md §3.2): a refresh token of this client gives new tokens and a new
/// refresh token every time. ID tokens from this grant carry no <c>nonce</c>.
/// </summary>
internal sealed class RefreshTokenGrant(
    EmulatorDirectory directory,
    RefreshTokenStore refreshTokens,
    ApiResources apiResources,
    TokenIssuer issuer,
    EmulatorFaults faults,
    EmulatorStatistics statistics)
{
    public TokenOutcome Redeem(IFormCollection form, ClientAuthentication.Authenticated client, string authority)
    {
        var app = client.Application;
        if (FormValues.First(form, "refresh_token") is not { } presented)
        {
            return Fail(EntraErrors.MissingParameter("refresh_token"));
        }

        if (faults.RevokeRefreshTokens)
        {
            return Fail(EntraErrors.RefreshTokenRevoked());
        }

        SignIn signIn;
        switch (refreshTokens.Redeem(presented, app.ClientId, faults.StrictRefreshTokenRotation))
        {
            case RefreshRedemption.Redeemed redeemed:
                signIn = redeemed.SignIn;
                break;
            case RefreshRedemption.Expired:
                return Fail(EntraErrors.RefreshTokenExpired());
            case RefreshRedemption.AlreadyRedeemed:
                return Fail(EntraErrors.InvalidRefreshToken(" The refresh token was already redeemed (strict rotation is on)."));
            case RefreshRedemption.OtherClient:
                return Fail(EntraErrors.InvalidRefreshToken(" The refresh token was issued to a different client."));
            default:
                return Fail(EntraErrors.InvalidRefreshToken());
        }

        if (directory.FindUserByObjectId(signIn.UserObjectId) is not { } user)
        {
            return Fail(EntraErrors.UserGone());
        }

        // A refresh token is bound to user and client, not to scopes (§3.2); the request may name the scopes it wants.
        // So one refresh token can fetch Graph and then an API, or the other way round.
        var scopes = FormValues.First(form, "scope") is { } requested ? ScopeSet.Parse(requested) : signIn.Scopes;
        if (!apiResources.TryResolve(scopes, user.TenantId, app, out var api, out var apiError))
        {
            return Fail(apiError!);
        }

        statistics.CountRefreshTokenRedemption();
        return new TokenOutcome.Issued(issuer.Issue(authority, signIn, scopes, user, app, client.Credential, nonce: null, issueRefreshToken: true, api));
    }

    private static TokenOutcome.Failed Fail(EntraError error) => new(error);
}
