using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lanyard.Emulator.Federation;

/// <summary>
/// <c>GET /federation/{name}/.well-known/openid-configuration</c>: the discovery document a Kubernetes API server
/// serves for its service-account issuer, which is all Entra reads of it (§3.1).
/// </summary>
internal sealed class FederationDiscoveryEndpoint(RequestAuthority authority) : IEmulatorEndpoint
{
    public string Pattern => "/federation/{name}/.well-known/openid-configuration";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

    public Task HandleAsync(HttpContext context)
    {
        var name = context.GetRouteValue("name") as string;
        if (!FederationIssuers.IsValidName(name))
        {
            return FederationIssuers.WriteInvalidNameAsync(context, name);
        }

        var issuer = FederationIssuers.IssuerFor(authority.Resolve(context, Pattern), name!);
        StaticDocumentHeaders.Apply(context.Response);
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("issuer", issuer);
            w.WriteString("jwks_uri", $"{issuer}/keys");
            w.WriteStartArray("response_types_supported");
            w.WriteStringValue("id_token");
            w.WriteEndArray();
            w.WriteStartArray("subject_types_supported");
            w.WriteStringValue("public");
            w.WriteEndArray();
            w.WriteStartArray("id_token_signing_alg_values_supported");
            w.WriteStringValue("RS256");
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
