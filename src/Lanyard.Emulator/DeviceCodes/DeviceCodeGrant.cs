using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.DeviceCodes;

/// <summary>
/// <c>grant_type=urn:ietf:params:oauth:grant-type:device_code</c>: a poll answers 400 with <c>authorization_pending</c>,
/// <c>slow_down</c>, <c>authorization_declined</c>, <c>expired_token</c> or <c>bad_verification_code</c> until the
/// user approves; then the tokens of an auth-code sign-in (a refresh token with <c>offline_access</c>).
/// </summary>
internal sealed class DeviceCodeGrant(
    DeviceCodeStore codes,
    ApiResources apiResources,
    TokenIssuer issuer,
    EmulatorStatistics statistics)
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:device_code";

    /// <summary>The short name Entra also accepts, and MSAL.NET sends.</summary>
    public const string ShortGrantType = "device_code";

    public TokenOutcome Redeem(IFormCollection form, ClientAuthentication.Authenticated client, string authority)
    {
        // MSAL sends device_code; RFC 8628 names it the same. ADAL's v1 "code" is not accepted on the v2 endpoint.
        if (FormValues.First(form, "device_code") is not { } deviceCode)
        {
            return new TokenOutcome.Failed(EntraErrors.MissingParameter("device_code"));
        }

        switch (codes.Poll(deviceCode, client.Application.ClientId))
        {
            case DevicePoll.Approved approved:
                var user = approved.User;
                var scopes = approved.Authorization.Scopes;
                if (!apiResources.TryResolve(scopes, user.TenantId, client.Application, out var api, out var apiError))
                {
                    return new TokenOutcome.Failed(apiError!);
                }

                var signIn = new SignIn(client.Application.ClientId, user.ObjectId, user.TenantId, scopes, Guid.NewGuid().ToString("D"));
                statistics.CountDeviceCodeRedemption();
                return new TokenOutcome.Issued(issuer.Issue(authority, signIn, scopes, user, client.Application, client.Credential, nonce: null, scopes.HasOfflineAccess, api));
            case DevicePoll.Refused refused:
                return new TokenOutcome.Failed(refused.Error);
            default:
                return new TokenOutcome.Failed(EntraErrors.ServerError());
        }
    }
}
