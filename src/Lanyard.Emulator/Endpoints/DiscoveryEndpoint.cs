using System.Text.Json;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// The v2.0 OpenID configuration document, in Entra's field order and with Entra's values (entra-protocol.md §1.4).
/// <c>userinfo_endpoint</c> is the emulator's own (<c>/oidc/userinfo</c> on its host, where Entra names Graph's
/// <c>https://graph.microsoft.com/oidc/userinfo</c>); the Kerberos endpoint, which it does not implement, is left out
/// rather than advertised, and it does not claim front-channel logout, which it never performs. Like Entra it does not advertise
/// <c>code_challenge_methods_supported</c>, though it takes S256 and plain challenges.
/// </summary>
internal sealed class DiscoveryEndpoint(EmulatorDirectory directory, RequestAuthority authority, EntraErrorWriter errors, EmulatorStatistics statistics) : IEmulatorEndpoint
{
    public string Pattern => "/{tenant}/v2.0/.well-known/openid-configuration";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

    public Task HandleAsync(HttpContext context)
    {
        var baseUrl = authority.Resolve(context, Pattern);
        var segment = context.GetRouteValue("tenant") as string ?? "";
        if (ResolveTenant.From(directory, segment) is not { } tenant)
        {
            return errors.WriteJsonAsync(context, baseUrl, EntraErrors.TenantNotFound(segment));
        }

        var root = $"{baseUrl}/{tenant.PathSegment}";
        statistics.CountDiscoveryRequest();

        // For common/organizations the issuer is a template the relying party fills with the token's tid (§1.4);
        // consumers is a concrete tenant, so its issuer is the personal-accounts tenant's GUID.
        var issuer = tenant.Tenant is { } concrete ? $"{baseUrl}/{concrete.Id}/v2.0" : $"{baseUrl}/{{tenantid}}/v2.0";
        StaticDocumentHeaders.Apply(context.Response);
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("token_endpoint", $"{root}/oauth2/v2.0/token");
            Array(w, "token_endpoint_auth_methods_supported", "client_secret_post", "private_key_jwt", "client_secret_basic");
            w.WriteString("jwks_uri", $"{root}/discovery/v2.0/keys");
            Array(w, "response_modes_supported", "query", "fragment", "form_post");
            Array(w, "subject_types_supported", "pairwise");
            Array(w, "id_token_signing_alg_values_supported", "RS256");

            // "id_token token" is advertised as Entra does; emulated apps never enable implicit access tokens, so it is
            // answered as Entra answers such an app (AADSTS700051).
            Array(w, "response_types_supported", "code", "id_token", "code id_token", "id_token token");
            Array(w, "scopes_supported", "openid", "profile", "email", "offline_access");
            w.WriteString("issuer", issuer);
            w.WriteBoolean("request_uri_parameter_supported", false);
            w.WriteString("userinfo_endpoint", $"{baseUrl}/oidc/userinfo");
            w.WriteString("authorization_endpoint", $"{root}/oauth2/v2.0/authorize");
            w.WriteString("device_authorization_endpoint", $"{root}/oauth2/v2.0/devicecode");
            w.WriteBoolean("http_logout_supported", true);
            w.WriteBoolean("frontchannel_logout_supported", false);
            w.WriteString("end_session_endpoint", $"{root}/oauth2/v2.0/logout");
            Array(w, "claims_supported",
                "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp",
                "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email");
            if (tenant.IsAnyOrganization || tenant.IsPersonalAccounts)
            {
                w.WriteNull("tenant_region_scope");
            }
            else
            {
                w.WriteString("tenant_region_scope", "WW");
            }

            w.WriteString("cloud_instance_name", "microsoftonline.com");
            w.WriteString("cloud_graph_host_name", "graph.windows.net");
            w.WriteString("msgraph_host", "graph.microsoft.com");
            w.WriteString("rbac_url", "https://pas.windows.net");
            w.WriteEndObject();
        });
    }

    private static void Array(Utf8JsonWriter w, string name, params string[] values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
