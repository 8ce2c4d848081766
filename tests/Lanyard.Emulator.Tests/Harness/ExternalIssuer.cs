using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lanyard.Emulator.Tests.Harness;

/// <summary>
/// An OpenID issuer outside the emulator (a real cluster's service-account issuer, GitHub Actions…), answering
/// discovery and JWKS through the emulator's named HttpClient, and counting what it was asked.
/// </summary>
internal sealed class ExternalIssuer : IDisposable
{
    private RSA _key = RSA.Create(2048);

    public string Issuer { get; init; } = "https://oidc.cluster.example.test/id/7f3a";

    public string KeyId { get; private set; } = "external-key-1";

    /// <summary>When set, every request fails with this status.</summary>
    public HttpStatusCode? FailWith { get; set; }

    public int DiscoveryRequests;

    public int KeyRequests;

    public HttpMessageHandler CreateHandler() => new Handler(this);

    /// <summary>A projected-token-like assertion: <c>aud</c> array, <c>kid</c> header, RS256.</summary>
    public string Mint(string subject, DateTimeOffset now, string audience = "api://AzureADTokenExchange", RSA? signWith = null, string? keyId = null) =>
        JwtSigner.Sign(
            signWith ?? _key,
            new Dictionary<string, object?> { ["alg"] = "RS256", ["kid"] = keyId ?? KeyId },
            new Dictionary<string, object?>
            {
                ["aud"] = new[] { audience },
                ["iss"] = Issuer,
                ["sub"] = subject,
                ["iat"] = now.ToUnixTimeSeconds(),
                ["nbf"] = now.ToUnixTimeSeconds(),
                ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            });

    /// <summary>Replaces the signing key, as a cluster's key rotation would.</summary>
    public void RotateKey(string keyId)
    {
        _key.Dispose();
        _key = RSA.Create(2048);
        KeyId = keyId;
    }

    public void Dispose() => _key.Dispose();

    private HttpResponseMessage Answer(HttpRequestMessage request)
    {
        if (FailWith is { } status)
        {
            return new HttpResponseMessage(status);
        }

        var url = request.RequestUri!.AbsoluteUri;
        if (url == $"{Issuer}/.well-known/openid-configuration")
        {
            Interlocked.Increment(ref DiscoveryRequests);
            return Json(new { issuer = Issuer, jwks_uri = $"{Issuer}/openid/v1/jwks", response_types_supported = new[] { "id_token" } });
        }

        if (url == $"{Issuer}/openid/v1/jwks")
        {
            Interlocked.Increment(ref KeyRequests);
            var parameters = _key.ExportParameters(false);
            return Json(new
            {
                keys = new[]
                {
                    new { use = "sig", kty = "RSA", kid = KeyId, alg = "RS256", n = Base64Url.EncodeToString(parameters.Modulus), e = Base64Url.EncodeToString(parameters.Exponent) },
                },
            });
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private static HttpResponseMessage Json(object body) => new(HttpStatusCode.OK)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    };

    private sealed class Handler(ExternalIssuer issuer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(issuer.Answer(request));
    }
}
