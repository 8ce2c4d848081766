using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Graph;

/// <summary>
/// Graph's token check, applied to tokens this emulator issued: signature by a published key, audience Graph (its app
/// id, as in user tokens, or its resource URI, as in managed-identity tokens), not expired by the emulator's clock,
/// and a tenant the directory knows.
/// </summary>
internal sealed class AuthenticateGraphCaller(VerifyEmulatorToken verify, EmulatorDirectory directory)
{
    private static readonly string[] GraphAudiences = [WellKnownIds.GraphAppId, WellKnownIds.GraphResource, WellKnownIds.GraphResource + "/"];

    public GraphAuthentication Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            return Fail(GraphErrors.MissingToken());
        }

        ParsedJwt token;
        switch (verify.Check(header["Bearer ".Length..].Trim(), skew: TimeSpan.Zero))
        {
            case EmulatorTokenCheck.Valid valid:
                token = valid.Token;
                break;
            case EmulatorTokenCheck.Malformed:
                return Fail(GraphErrors.MalformedToken());
            case EmulatorTokenCheck.Expired:
                return Fail(GraphErrors.Expired());
            case EmulatorTokenCheck.NotYetValid:
                return Fail(GraphErrors.NotYetValid());
            default:
                return Fail(GraphErrors.InvalidSignature());
        }

        if (!token.Audiences().Any(a => GraphAudiences.Contains(a, StringComparer.OrdinalIgnoreCase)))
        {
            return Fail(GraphErrors.InvalidAudience());
        }

        if (token.String("tid") is not { } tenantId || directory.FindTenant(tenantId) is null)
        {
            return Fail(GraphErrors.UnknownTenant());
        }

        // App-only tokens say so (idtyp) and have no scp (§4.3).
        var scopes = token.Values("scp");
        var appOnly = token.String("idtyp") == "app" || (scopes.Count == 0 && !token.Payload.TryGetProperty("scp", out _));
        return new GraphAuthentication.Authenticated(new GraphCaller(tenantId, token.String("oid"), appOnly, scopes, token.Values("roles"), token.String("appid") ?? token.String("azp")));
    }

    private static GraphAuthentication.Failed Fail(GraphError error) => new(error);
}
