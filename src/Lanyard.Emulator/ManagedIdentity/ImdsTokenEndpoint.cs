using System.Globalization;
using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.ManagedIdentity;

/// <summary>
/// The Azure Instance Metadata Service token endpoint (entra-protocol.md §7.1), as a VM sees it at
/// <c>http://169.254.169.254</c>: <c>Metadata: true</c> required, at most one selector (<c>client_id</c>,
/// <c>object_id</c>, <c>msi_res_id</c>; none means the system-assigned identity), string-valued JSON back.
/// </summary>
internal sealed class ImdsTokenEndpoint(
    EmulatorDirectory directory,
    ApiResources apiResources,
    EntraErrorWriter errors,
    RequestAuthority authority,
    TokenIssuer issuer,
    EmulatorStatistics statistics,
    TimeProvider time,
    ILogger<ImdsTokenEndpoint> logger) : IEmulatorEndpoint
{
    /// <summary>About a day, as IMDS tokens are commonly reported to live (§7.1).</summary>
    public const int LifetimeSeconds = 86399;

    private static readonly string[] Selectors = ["client_id", "object_id", "msi_res_id"];

    public string Pattern => "/metadata/identity/oauth2/token";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;

        // The header is IMDS's guard against server-side request forgery: a redirected browser cannot add it.
        if (!string.Equals(request.Headers["Metadata"].ToString(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(context, "bad_request_102", "Required metadata header not specified");
        }

        if (string.IsNullOrEmpty(request.Query["api-version"].ToString()))
        {
            return Refuse(context, "invalid_request", "Required query variable 'api-version' is missing");
        }

        var resource = request.Query["resource"].ToString();
        if (resource.Length == 0)
        {
            return Refuse(context, "invalid_request", "Required audience parameter not specified");
        }

        var selectors = Selectors
            .Select(name => (Name: name, Value: request.Query[name].ToString()))
            .Where(s => s.Value.Length > 0)
            .ToList();
        if (selectors.Count > 1)
        {
            return Refuse(context, "invalid_request", "Only one of client_id, object_id and msi_res_id may be specified");
        }

        var identity = selectors.Count == 0
            ? directory.ManagedIdentities.FirstOrDefault(m => m.Kind == EmulatorManagedIdentityKind.SystemAssigned)
            : directory.ManagedIdentities.FirstOrDefault(m => Matches(m, selectors[0].Name, selectors[0].Value));
        if (identity is null)
        {
            return Refuse(context, "invalid_request", "Identity not found");
        }

        // The token endpoint's resolver, so IMDS and client credentials agree on what names an API; Graph and other
        // resources it does not model get no roles (managed identities hold no Graph permissions here).
        var api = apiResources.FindByResource(resource, identity.TenantId, out var notFound);
        var baseUrl = authority.Resolve(context, Pattern);
        if (notFound is not null)
        {
            logger.ManagedIdentityRequestRefused(notFound.Error);
            return errors.WriteJsonAsync(context, baseUrl, notFound);
        }

        var roles = api is null ? [] : GrantedAppRoles.On(api, identity.AppRoleAssignments);
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expiresAt = issuedAt.AddSeconds(LifetimeSeconds);
        var token = issuer.Faulted(JwtWriter.Write(
            issuer.SigningKey(), includeX5t: false, w => ManagedIdentityTokenClaims.Write(w, baseUrl, identity, resource, roles, issuedAt, expiresAt)));
        statistics.CountManagedIdentityToken();
        logger.ManagedIdentityTokenIssued(identity.ObjectId, resource);
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            // IMDS writes every value as a string (§7.1), unlike the token endpoint's numeric expires_in.
            w.WriteStartObject();
            w.WriteString("access_token", token);
            w.WriteString("refresh_token", "");
            w.WriteString("expires_in", Seconds(LifetimeSeconds));
            w.WriteString("expires_on", Seconds(expiresAt.ToUnixTimeSeconds()));
            w.WriteString("ext_expires_in", Seconds(LifetimeSeconds));
            w.WriteString("not_before", Seconds(issuedAt.ToUnixTimeSeconds()));
            w.WriteString("resource", resource);
            w.WriteString("token_type", "Bearer");
            w.WriteString("client_id", identity.ClientId);
            w.WriteEndObject();
        });
    }

    private static bool Matches(EmulatorManagedIdentity identity, string selector, string value) => selector switch
    {
        "client_id" => string.Equals(identity.ClientId, value, StringComparison.OrdinalIgnoreCase),
        "object_id" => string.Equals(identity.ObjectId, value, StringComparison.OrdinalIgnoreCase),
        _ => string.Equals(identity.ResourceId, value, StringComparison.OrdinalIgnoreCase),
    };

    private static string Seconds(long value) => value.ToString(CultureInfo.InvariantCulture);

    private Task Refuse(HttpContext context, string error, string description)
    {
        logger.ManagedIdentityRequestRefused(error);
        return OAuthStyleError.WriteAsync(context, StatusCodes.Status400BadRequest, error, description);
    }
}
