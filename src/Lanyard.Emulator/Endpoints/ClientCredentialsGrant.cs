using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// <c>grant_type=client_credentials</c> (entra-protocol.md §3.2): one <c>{resource}/.default</c> scope of an API in
/// the directory, a confidential client, a concrete tenant; an app-only token back, with no refresh or ID token.
/// Microsoft Graph's app-only tokens are not issued here yet.
/// </summary>
internal sealed class ClientCredentialsGrant(ApiResources apiResources, TokenIssuer issuer, EmulatorStatistics statistics, TimeProvider time)
{
    public TokenOutcome Issue(IFormCollection form, ClientAuthentication.Authenticated client, ResolvedTenant tenant, string authority)
    {
        if (client.Credential == ClientCredentialKind.PublicClient)
        {
            return Fail(EntraErrors.MissingClientCredentials());
        }

        if (tenant.Tenant is not { } concrete)
        {
            return Fail(EntraErrors.MalformedRequest($"The client credentials grant needs a tenant id or domain, not '{tenant.Segment}'."));
        }

        if (FormValues.First(form, "scope") is not { } scope)
        {
            return Fail(EntraErrors.MissingParameter("scope"));
        }

        var scopes = ScopeSet.Parse(scope);
        var values = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (values.Length != 1 || scopes.Resources is not [{ Name: ".default" }])
        {
            return Fail(EntraErrors.InvalidScope(scope, "Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."));
        }

        ApiResource api;
        switch (apiResources.Resolve(scopes, concrete.Id))
        {
            case ApiResolution.Found found:
                api = found.Resource;
                break;
            case ApiResolution.Unknown unknown:
                return Fail(unknown.Error);
            default:
                return Fail(EntraErrors.InvalidScope(scope, "The emulator issues app-only tokens for the directory's own APIs."));
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = issuedAt + TokenIssuer.Lifetime;
        var token = issuer.Faulted(JwtWriter.Write(
            issuer.SigningKey(), includeX5t: !api.IssuesV2,
            w => AppOnlyTokenClaims.Write(w, authority, concrete.Id, client.Application, client.Credential, api, issuedAt, expiresAt)));
        statistics.CountClientCredentialsToken();
        return new TokenOutcome.Issued(new IssuedTokens(scope, (int)TokenIssuer.Lifetime.TotalSeconds, token, RefreshToken: null, IdToken: null));
    }

    private static TokenOutcome.Failed Fail(EntraError error) => new(error);
}
