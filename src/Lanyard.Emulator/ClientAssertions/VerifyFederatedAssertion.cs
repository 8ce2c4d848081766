using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Federation;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;

namespace Lanyard.Emulator.ClientAssertions;

/// <summary>
/// Workload identity federation (entra-protocol.md §3.1, §7.3): the assertion's <c>iss</c> and <c>sub</c> must equal a
/// credential's exactly, its signature verify with that issuer's keys, its <c>aud</c> hold the credential's audience,
/// and its times be valid. Keys come from Entra itself for its own managed-identity tokens, from the emulator's hosted
/// issuers, or else from the issuer's OpenID discovery document.
/// </summary>
internal sealed class VerifyFederatedAssertion(
    EmulatorDirectory directory, SigningKeys entraKeys, FederationIssuers hosted, ExternalIssuerKeys external, TimeProvider time)
{
    public async Task<ClientAuthentication> VerifyAsync(ParsedJwt jwt, EmulatorApplication app, string authority, CancellationToken cancellationToken)
    {
        var issuer = jwt.String("iss")!;
        var subject = jwt.String("sub");
        var audiences = jwt.Audiences();
        var credential = app.FederatedIdentityCredentials.FirstOrDefault(c =>
            string.Equals(c.IssuerFor(authority), issuer, StringComparison.Ordinal) && string.Equals(c.Subject, subject, StringComparison.Ordinal));
        if (credential is null)
        {
            return Fail(EntraErrors.NoMatchingFederatedCredential(issuer, subject, string.Join(' ', audiences)));
        }

        if (!JwsSignature.IsSupported(jwt.Algorithm))
        {
            return Fail(EntraErrors.UnsupportedAssertionAlgorithm(jwt.Algorithm));
        }

        if (await SignatureProblemAsync(jwt, issuer, authority, cancellationToken) is { } problem)
        {
            return Fail(problem);
        }

        if (!audiences.Contains(credential.Audiences[0], StringComparer.Ordinal))
        {
            return Fail(EntraErrors.FederatedAudienceMismatch(string.Join(' ', audiences)));
        }

        return AssertionLifetime.Check(jwt, time.GetUtcNow()) is { } expired
            ? Fail(expired)
            : new ClientAuthentication.Authenticated(app, ClientCredentialKind.FederatedCredential);
    }

    private static ClientAuthentication.Failed Fail(EntraError error) => new(error);

    private async Task<EntraError?> SignatureProblemAsync(ParsedJwt jwt, string issuer, string authority, CancellationToken cancellationToken)
    {
        var invalid = EntraErrors.AssertionSignatureInvalid($"Issuer: '{issuer}', key id: '{jwt.KeyId}'");

        // Entra accepts its own tokens only when they are app-only managed-identity tokens (§3.1, AADSTS700229).
        if (IsEntraIssuer(issuer, authority))
        {
            var key = entraKeys.Published.FirstOrDefault(k => string.Equals(k.KeyId, jwt.KeyId, StringComparison.Ordinal));
            if (key is null || !key.Verifies(jwt))
            {
                return invalid;
            }

            var objectId = jwt.String("oid");
            var isManagedIdentity = jwt.String("idtyp") == "app"
                && directory.ManagedIdentities.Any(m => string.Equals(m.ObjectId, objectId, StringComparison.OrdinalIgnoreCase));
            return isManagedIdentity ? null : EntraErrors.NotAManagedIdentityToken();
        }

        if (hosted.IsHosted(issuer, authority, out var hostedKey))
        {
            return hostedKey?.Verifies(jwt) == true ? null : invalid;
        }

        switch (await external.GetAsync(issuer, jwt.KeyId, cancellationToken))
        {
            case IssuerKeys.Found found:
                var candidates = jwt.KeyId is { } kid ? found.Keys.Where(k => k.KeyId == kid) : found.Keys;
                return candidates.Any(k => JwsSignature.Verify(k.PublicKey, jwt)) ? null : invalid;
            case IssuerKeys.Failed failed:
                return EntraErrors.ExternalIssuerUnreachable(issuer, failed.Reason);
            default:
                return invalid;
        }
    }

    // {authority}/{tenant GUID}/v2.0 for a tenant of this directory: the issuer of the emulator's own v2 tokens.
    private bool IsEntraIssuer(string issuer, string authority)
    {
        const string Suffix = "/v2.0";
        var prefix = authority + "/";
        if (!issuer.StartsWith(prefix, StringComparison.Ordinal) || !issuer.EndsWith(Suffix, StringComparison.Ordinal)
            || issuer.Length <= prefix.Length + Suffix.Length)
        {
            return false;
        }

        var tenantId = issuer[prefix.Length..^Suffix.Length];
        return Guid.TryParse(tenantId, out _) && directory.FindTenant(tenantId) is not null;
    }
}
