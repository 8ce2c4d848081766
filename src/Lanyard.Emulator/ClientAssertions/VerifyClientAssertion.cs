using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;

namespace Lanyard.Emulator.ClientAssertions;

/// <summary>
/// Checks a <c>client_assertion</c> (entra-protocol.md §3.1). Who issued it decides what kind it is: an issuer that
/// one of the application's federated credentials names makes it a federated assertion; one the client signed
/// itself names the client as <c>iss</c> or its certificate in <c>x5t</c>/<c>x5t#S256</c>. Anything else matches no
/// credential (AADSTS70021).
/// </summary>
internal sealed class VerifyClientAssertion(
    VerifyCertificateAssertion certificates, VerifyFederatedAssertion federated, EmulatorStatistics statistics)
{
    public async Task<ClientAuthentication> VerifyAsync(
        string assertion, EmulatorApplication app, ResolvedTenant tenant, string authority, CancellationToken cancellationToken)
    {
        if (!ParsedJwt.TryParse(assertion, out var jwt))
        {
            return new ClientAuthentication.Failed(EntraErrors.MalformedAssertion("The client_assertion is not a compact JWS (header.payload.signature)."));
        }

        var issuer = jwt.String("iss");
        ClientAuthentication outcome;
        if (app.FederatedIdentityCredentials.Any(c => string.Equals(c.IssuerFor(authority), issuer, StringComparison.Ordinal)))
        {
            outcome = await federated.VerifyAsync(jwt, app, authority, cancellationToken);
        }
        else if (string.Equals(issuer, app.ClientId, StringComparison.OrdinalIgnoreCase) || jwt.HeaderString("x5t") is not null || jwt.HeaderString("x5t#S256") is not null)
        {
            outcome = certificates.Verify(jwt, app, TokenEndpoints(tenant, authority));
        }
        else
        {
            outcome = new ClientAuthentication.Failed(
                EntraErrors.NoMatchingFederatedCredential(issuer, jwt.String("sub"), string.Join(' ', jwt.Audiences())));
        }

        if (outcome is ClientAuthentication.Authenticated)
        {
            statistics.CountClientAssertion();
        }

        return outcome;
    }

    // The token endpoint the client called, by the segment it used or by the tenant's GUID (§3.1: "aud = the
    // tenant's token endpoint"; which spellings Entra accepts is unverified, these two are what clients send).
    private static IReadOnlyList<string> TokenEndpoints(ResolvedTenant tenant, string authority)
    {
        var segments = new List<string> { tenant.Segment };
        if (tenant.Tenant is { } concrete && !string.Equals(concrete.Id, tenant.Segment, StringComparison.Ordinal))
        {
            segments.Add(concrete.Id);
        }

        return [.. segments.Select(s => $"{authority}/{s}/oauth2/v2.0/token")];
    }
}
