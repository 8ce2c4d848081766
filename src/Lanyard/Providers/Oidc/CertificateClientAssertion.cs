using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// <c>private_key_jwt</c> (RFC 7523 §2.2, OpenID Connect Core §9): a short-lived assertion signed with the app's
/// certificate key, <c>iss</c> = <c>sub</c> = client id, <c>aud</c> = the token endpoint. PS256 with an
/// <c>x5t#S256</c> header, as Entra ID's documentation now prescribes (entra-protocol.md §3.1). The proxy
/// (<c>entra_id_client_certificate_file</c>) and <c>lanyard kubectl get-token --login spn --client-certificate</c>
/// both sign with this, so the two cannot drift apart.
/// </summary>
/// <param name="certificate">With its private key; the caller owns it (and disposes it, if it must).</param>
internal sealed class CertificateClientAssertion(string clientId, X509Certificate2 certificate, TimeProvider time) : IClientAssertionSource
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public ValueTask<string> GetAssertionAsync(Uri tokenEndpoint, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = tokenEndpoint.AbsoluteUri,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = clientId, ["jti"] = Guid.NewGuid().ToString("D") },
            SigningCredentials = new X509SigningCredentials(certificate, SecurityAlgorithms.RsaSsaPssSha256),
            AdditionalHeaderClaims = new Dictionary<string, object> { ["x5t#S256"] = Thumbprint(certificate) },
        };
        return ValueTask.FromResult(_handler.CreateToken(descriptor));
    }

    private static string Thumbprint(X509Certificate2 certificate) => Base64Url.EncodeToString(SHA256.HashData(certificate.RawData));
}
