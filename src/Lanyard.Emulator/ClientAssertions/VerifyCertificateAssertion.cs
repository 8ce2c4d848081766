using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;

namespace Lanyard.Emulator.ClientAssertions;

/// <summary>
/// <c>private_key_jwt</c> (entra-protocol.md §3.1): an assertion the client signed with the key of a certificate on
/// its registration, named in the header by <c>x5t#S256</c> (what current MSAL sends, with PS256) or <c>x5t</c>
/// (SHA-1, older MSAL, RS256). Then <c>iss</c> = <c>sub</c> = client id, <c>aud</c> = the token endpoint, valid times.
/// </summary>
internal sealed class VerifyCertificateAssertion(TimeProvider time)
{
    public ClientAuthentication Verify(ParsedJwt jwt, EmulatorApplication app, IReadOnlyList<string> tokenEndpoints)
    {
        if (!JwsSignature.IsSupported(jwt.Algorithm))
        {
            return Fail(EntraErrors.UnsupportedAssertionAlgorithm(jwt.Algorithm));
        }

        var (presented, der) = FindCertificate(jwt, app);
        if (der is null)
        {
            return Fail(EntraErrors.AssertionKeyNotFound(presented, app.ClientId));
        }

        var now = time.GetUtcNow();
        using (var certificate = X509CertificateLoader.LoadCertificate(der))
        {
            // Entra stops accepting a key credential outside its start and end dates.
            if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            {
                return Fail(EntraErrors.AssertionKeyExpired(presented));
            }

            using var key = certificate.GetRSAPublicKey();
            if (key is null || !JwsSignature.Verify(key, jwt))
            {
                return Fail(EntraErrors.AssertionSignatureInvalid($"Thumbprint of key used by client: '{presented}'"));
            }
        }

        if (!string.Equals(jwt.String("iss"), app.ClientId, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(jwt.String("sub"), app.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(EntraErrors.AssertionSubjectMismatch(app.ClientId));
        }

        var audiences = jwt.Audiences();
        if (!audiences.Any(a => tokenEndpoints.Contains(a, StringComparer.Ordinal)))
        {
            return Fail(EntraErrors.AssertionAudienceInvalid(string.Join(' ', audiences), tokenEndpoints[0]));
        }

        return AssertionLifetime.Check(jwt, now) is { } expired
            ? Fail(expired)
            : new ClientAuthentication.Authenticated(app, ClientCredentialKind.Certificate);
    }

    private static ClientAuthentication.Failed Fail(EntraError error) => new(error);

    /// <returns>The presented thumbprint in hex (as Entra reports it) and the matching certificate's DER, if any.</returns>
    private static (string Presented, byte[]? Der) FindCertificate(ParsedJwt jwt, EmulatorApplication app)
    {
        var (header, hash) = jwt.HeaderString("x5t#S256") is { } s256
            ? (s256, (Func<byte[], byte[]>)SHA256.HashData)
            : (jwt.HeaderString("x5t"), SHA1Thumbprint);
        if (header is null || !Base64Url.IsValid(header))
        {
            return ("(none: the header has no x5t#S256 or x5t)", null);
        }

        var thumbprint = Base64Url.DecodeFromChars(header);
        var der = app.Certificates
            .Select(Convert.FromBase64String)
            .FirstOrDefault(d => CryptographicOperations.FixedTimeEquals(hash(d), thumbprint));
        return (Convert.ToHexString(thumbprint), der);
    }

    // x5t is defined as the SHA-1 thumbprint (RFC 7515 §4.1.7); SHA-1 is the format here, not a security choice.
#pragma warning disable CA5350
    private static byte[] SHA1Thumbprint(byte[] der) => SHA1.HashData(der);
#pragma warning restore CA5350
}
