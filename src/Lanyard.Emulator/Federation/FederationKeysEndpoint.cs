using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lanyard.Emulator.Federation;

/// <summary><c>GET /federation/{name}/keys</c>: the hosted issuer's one public key, shaped like a Kubernetes JWKS.</summary>
internal sealed class FederationKeysEndpoint(FederationIssuers issuers) : IEmulatorEndpoint
{
    public string Pattern => "/federation/{name}/keys";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

    public Task HandleAsync(HttpContext context)
    {
        var name = context.GetRouteValue("name") as string;
        if (!FederationIssuers.IsValidName(name) || issuers.KeyFor(name!) is not { } key)
        {
            return FederationIssuers.WriteInvalidNameAsync(context, name);
        }

        StaticDocumentHeaders.Apply(context.Response);
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("keys");
            w.WriteStartObject();
            w.WriteString("use", "sig");
            w.WriteString("kty", "RSA");
            w.WriteString("kid", key.KeyId);
            w.WriteString("alg", "RS256");
            w.WriteString("n", key.Modulus);
            w.WriteString("e", key.Exponent);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
