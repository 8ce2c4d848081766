using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// On-behalf-of (entra-protocol.md §3.2): <c>grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer</c> with
/// <c>requested_token_use=on_behalf_of</c>. A confidential API presents the access token a user sent it
/// (<c>assertion</c>) and gets one for another resource (<c>scope</c>: Graph or another API), for the same user, in
/// the user's tenant, naming the API as the calling app; a refresh token too when <c>offline_access</c> is asked.
/// The assertion must be the emulator's own (signature, lifetime, AADSTS50013/500133), addressed to the caller
/// (AADSTS50013), and a user's delegated token (an app-only or ID token has no <c>scp</c>).
/// </summary>
internal sealed class OnBehalfOfGrant(
    EmulatorDirectory directory,
    VerifyEmulatorToken verify,
    ApiResources apiResources,
    TokenIssuer issuer,
    TimeProvider time)
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private const string ApiScheme = "api://";

    public TokenOutcome Redeem(IFormCollection form, ClientAuthentication.Authenticated client, string authority)
    {
        var app = client.Application;

        // Only a confidential client can act on a user's behalf; a public one has no credential to show (AADSTS7000218).
        if (client.Credential == ClientCredentialKind.PublicClient)
        {
            return Fail(EntraErrors.MissingClientCredentials());
        }

        if (FormValues.First(form, "requested_token_use") is not { } tokenUse)
        {
            return Fail(EntraErrors.MissingParameter("requested_token_use"));
        }

        if (!string.Equals(tokenUse, "on_behalf_of", StringComparison.Ordinal))
        {
            return Fail(EntraErrors.UnsupportedRequestedTokenUse(tokenUse));
        }

        if (FormValues.First(form, "assertion") is not { } assertion)
        {
            return Fail(EntraErrors.MissingParameter("assertion"));
        }

        if (FormValues.First(form, "scope") is not { } scope)
        {
            return Fail(EntraErrors.MissingParameter("scope"));
        }

        // Parsed here too, so a refusal can quote the token's own key id and lifetime as Entra's texts do.
        if (!ParsedJwt.TryParse(assertion, out var presented))
        {
            return Fail(EntraErrors.UserAssertionMalformed());
        }

        ParsedJwt token;
        switch (verify.Check(assertion, TimeSpan.Zero))
        {
            case EmulatorTokenCheck.Valid valid:
                token = valid.Token;
                break;
            case EmulatorTokenCheck.Expired or EmulatorTokenCheck.NotYetValid:
                return Fail(EntraErrors.UserAssertionOutsideValidity(time.GetUtcNow(), presented.Instant("nbf"), presented.Instant("exp")));
            case EmulatorTokenCheck.BadSignature:
                return Fail(EntraErrors.UserAssertionSignatureInvalid(presented.KeyId));
            default:
                return Fail(EntraErrors.UserAssertionMalformed());
        }

        var audiences = token.Audiences();
        if (!audiences.Any(a => NamesApplication(a, app)))
        {
            return Fail(EntraErrors.UserAssertionAudienceMismatch(string.Join(", ", audiences), app));
        }

        // App-only tokens carry roles but no scp; ID tokens neither. Only a user's delegated token can be exchanged.
        if (token.Values("scp").Count == 0 || token.String("oid") is not { } objectId || token.String("tid") is not { } tenantId)
        {
            return Fail(EntraErrors.UserAssertionNotDelegated());
        }

        if (directory.FindUserByObjectId(objectId) is not { } user || !string.Equals(user.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(EntraErrors.UserGone());
        }

        var scopes = ScopeSet.Parse(scope);
        if (!apiResources.TryResolve(scopes, tenantId, app, out var api, out var apiError))
        {
            return Fail(apiError!);
        }

        // The new tokens belong to the same browser session as the one the user signed in with.
        var signIn = new SignIn(app.ClientId, user.ObjectId, tenantId, scopes, token.String("sid") ?? Guid.NewGuid().ToString("D"));
        return new TokenOutcome.Issued(issuer.Issue(
            authority, signIn, scopes, user, app, client.Credential, nonce: null, scopes.HasOfflineAccess, api, issueIdToken: false));
    }

    // The audiences that name an app: its client id, api://{clientId} and its identifier URIs (as ApiResources reads them).
    private static bool NamesApplication(string audience, EmulatorApplication app) =>
        string.Equals(audience, app.ClientId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(audience, ApiScheme + app.ClientId, StringComparison.OrdinalIgnoreCase)
        || app.IdentifierUris.Contains(audience, StringComparer.OrdinalIgnoreCase);

    private static TokenOutcome.Failed Fail(EntraError error) => new(error);
}
