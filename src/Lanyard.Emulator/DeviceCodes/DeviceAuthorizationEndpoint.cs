using Lanyard.Emulator.Endpoints;
using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Lanyard.Emulator.DeviceCodes;

/// <summary>
/// <c>POST /{tenant}/oauth2/v2.0/devicecode</c> (entra-protocol.md §3.2, kubernetes-authn.md §3.7): <c>client_id</c>
/// and <c>scope</c> in, Entra's six fields out; no <c>verification_uri_complete</c>, as Entra never sends one. The
/// verification page is the emulator's own <c>/devicelogin</c>.
/// </summary>
internal sealed class DeviceAuthorizationEndpoint(
    EmulatorDirectory directory,
    RequestAuthority authority,
    EntraErrorWriter errors,
    DeviceCodeStore codes,
    ApiResources apiResources,
    EmulatorStatistics statistics,
    ILogger<DeviceAuthorizationEndpoint> logger) : IEmulatorEndpoint
{
    public string Pattern => "/{tenant}/oauth2/v2.0/devicecode";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get, HttpMethods.Post];

    public async Task HandleAsync(HttpContext context)
    {
        var baseUrl = authority.Resolve(context, Pattern);
        var segment = context.GetRouteValue("tenant") as string ?? "";
        EntraError? error = null;
        DeviceAuthorization? issued = null;
        if (ResolveTenant.From(directory, segment) is not { } tenant)
        {
            error = EntraErrors.TenantNotFound(segment, "invalid_request");
        }
        else if (!HttpMethods.IsPost(context.Request.Method))
        {
            error = EntraErrors.PostRequired(context.Request.Method);
        }
        else
        {
            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
            (issued, error) = Issue(form, tenant);
        }

        if (issued is null)
        {
            error ??= EntraErrors.ServerError();
            logger.DeviceCodeRefused(error.Error, error.Code);
            await errors.WriteJsonAsync(context, baseUrl, error);
            return;
        }

        statistics.CountDeviceCodeIssued();
        logger.DeviceCodeIssued(issued.ClientId);
        var verificationUri = $"{baseUrl}/devicelogin";
        var expiresIn = (int)DeviceCodeStore.Lifetime.TotalSeconds;
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("user_code", issued.UserCode);
            w.WriteString("device_code", issued.DeviceCode);
            w.WriteString("verification_uri", verificationUri);
            w.WriteNumber("expires_in", expiresIn);
            w.WriteNumber("interval", DeviceCodeStore.IntervalSeconds);
            w.WriteString("message", Message(verificationUri, issued.UserCode));
            w.WriteEndObject();
        });
    }

    /// <summary>Entra's English wording, with the emulator's page in place of microsoft.com/devicelogin.</summary>
    public static string Message(string verificationUri, string userCode) =>
        $"To sign in, use a web browser to open the page {verificationUri} and enter the code {userCode} to authenticate.";

    private (DeviceAuthorization? Issued, EntraError? Error) Issue(IFormCollection form, ResolvedTenant tenant)
    {
        if (FormValues.First(form, "client_id") is not { } clientId)
        {
            return (null, EntraErrors.MissingParameter("client_id"));
        }

        if (directory.FindApplication(clientId) is not { } app || !tenant.Sees(app))
        {
            return (null, EntraErrors.ApplicationNotFound(clientId, tenant.Name));
        }

        if (tenant.IsAnyOrganization && !app.SignInAudience.IsMultiTenant())
        {
            return (null, EntraErrors.NotMultiTenant(app));
        }

        if (FormValues.First(form, "scope") is not { } scope)
        {
            return (null, EntraErrors.MissingParameter("scope"));
        }

        // With a concrete tenant the resource can be looked up now; through common it waits for the user's tenant.
        var scopes = ScopeSet.Parse(scope);
        if (tenant.Tenant is { } concrete && apiResources.Resolve(scopes, concrete.Id) is ApiResolution.Unknown unknown)
        {
            return (null, unknown.Error);
        }

        return (codes.Issue(app.ClientId, tenant, scopes), null);
    }
}
