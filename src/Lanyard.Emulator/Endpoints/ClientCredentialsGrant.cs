using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// <c>grant_type=client_credentials</c> (entra-protocol.md §3.2): one <c>{resource}/.default</c> scope of an API in
/// the directory or of Microsoft Graph, a confidential client, a concrete tenant; an app-only token back, with no
/// refresh or ID token and, as Entra answers this grant, no <c>scope</c> in the response (the token's <c>roles</c> say
/// what was granted).
/// </summary>
internal sealed class ClientCredentialsGrant(ApiResources apiResources, TokenIssuer issuer, EmulatorStatistics statistics, TimeProvider time)
{
    // Graph by its resource URI or its application id, as Entra accepts both.
    private static readonly string[] GraphDefaultScopes = [WellKnownIds.GraphResource + "/.default", WellKnownIds.GraphAppId + "/.default"];

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

        var values = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = issuedAt + issuer.AccessTokenLifetime;
        if (values is [var only] && GraphDefaultScopes.Contains(only, StringComparer.OrdinalIgnoreCase))
        {
            return Issued(includeX5t: true, w => AppOnlyTokenClaims.WriteForGraph(w, authority, concrete.Id, client.Application, client.Credential, issuedAt, expiresAt));
        }

        var scopes = ScopeSet.Parse(scope);
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
                return Fail(EntraErrors.InvalidScope(scope, "The emulator issues app-only tokens for Microsoft Graph and the directory's own APIs."));
        }

        return Issued(includeX5t: !api.IssuesV2, w => AppOnlyTokenClaims.Write(w, authority, concrete.Id, client.Application, client.Credential, api, issuedAt, expiresAt));
    }

    private TokenOutcome.Issued Issued(bool includeX5t, Action<System.Text.Json.Utf8JsonWriter> claims)
    {
        var token = issuer.Faulted(JwtWriter.Write(issuer.SigningKey(), includeX5t, claims));
        statistics.CountClientCredentialsToken();
        return new(new IssuedTokens(Scope: null, (int)issuer.AccessTokenLifetime.TotalSeconds, token, RefreshToken: null, IdToken: null));
    }

    private static TokenOutcome.Failed Fail(EntraError error) => new(error);
}
