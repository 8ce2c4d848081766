using System.Text.Json;
using Lanyard.Configuration;

namespace Lanyard.Endpoints;

/// <summary>
/// <c>GET /.well-known/lanyard/jwks.json</c> (<see cref="IdentityTokenOptions.JwksPath"/>): the public key identity
/// tokens are signed with, as an RFC 7517 key set, for Istio's <c>RequestAuthentication</c> <c>jwksUri</c> (Pomerium's
/// <c>/.well-known/pomerium/jwks.json</c> is the model). Public parameters only, written field by field so no private
/// one can slip in; built once. Mapped whether or not the feature is on, so the path never reaches an upstream:
/// 404 when it is off.
/// </summary>
internal sealed class JwksEndpoint
{
    /// <summary>Verifiers refetch on an unknown kid anyway; five minutes keeps a rotated key file from waiting long.</summary>
    private const string CacheControl = "public, max-age=300";

    private readonly byte[]? _document;

    public JwksEndpoint(IdentityTokenKey? key)
    {
        _document = key is null ? null : Document(key);
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (_document is null)
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "Lanyard signs no identity tokens here (identity_token_header is not set), so it has no keys to publish.");
            return;
        }

        var response = context.Response;
        response.ContentType = "application/json";
        response.Headers.CacheControl = CacheControl;
        response.ContentLength = _document.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(_document, context.RequestAborted);
        }
    }

    private static byte[] Document(IdentityTokenKey key)
    {
        var jwk = key.PublicJwk;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            json.WriteStartObject();
            json.WriteString("kty", jwk.Kty);
            json.WriteString("use", "sig");
            json.WriteString("alg", key.Algorithm);
            json.WriteString("kid", key.KeyId);
            if (jwk.Kty == "EC")
            {
                json.WriteString("crv", jwk.Crv);
                json.WriteString("x", jwk.X);
                json.WriteString("y", jwk.Y);
            }
            else
            {
                json.WriteString("n", jwk.N);
                json.WriteString("e", jwk.E);
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
