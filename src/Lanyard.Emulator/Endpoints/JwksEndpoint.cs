using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lanyard.Emulator.Endpoints;

/// <summary>The v2.0 key document (entra-protocol.md §1.5): every published key, with the <c>{tenantid}</c> issuer template.</summary>
internal sealed class JwksEndpoint(EmulatorDirectory directory, SigningKeys keys, RequestAuthority authority, EntraErrorWriter errors, EmulatorStatistics statistics) : IEmulatorEndpoint
{
    public string Pattern => "/{tenant}/discovery/v2.0/keys";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

    public Task HandleAsync(HttpContext context)
    {
        var baseUrl = authority.Resolve(context, Pattern);
        var segment = context.GetRouteValue("tenant") as string ?? "";
        if (ResolveTenant.From(directory, segment) is null)
        {
            return errors.WriteJsonAsync(context, baseUrl, EntraErrors.TenantNotFound(segment));
        }

        statistics.CountKeySetRequest();
        StaticDocumentHeaders.Apply(context.Response);
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("keys");
            foreach (var key in keys.Published)
            {
                w.WriteStartObject();
                w.WriteString("kty", "RSA");
                w.WriteString("use", "sig");
                w.WriteString("kid", key.KeyId);
                w.WriteString("x5t", key.KeyId);
                w.WriteString("n", key.Modulus);
                w.WriteString("e", key.Exponent);
                w.WriteStartArray("x5c");
                w.WriteStringValue(Convert.ToBase64String(key.Certificate));
                w.WriteEndArray();
                w.WriteString("issuer", $"{baseUrl}/{{tenantid}}/v2.0");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
