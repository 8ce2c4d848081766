using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Tokens;

/// <summary>
/// Finds the API an access token is for: Entra issues one resource per token, so the first scope that names an app of
/// the directory wins, its other scopes of that app come along, and Graph's and other resources' scopes are ignored.
/// An app names itself as <c>api://{clientId}</c>, as its bare client id, as <c>spn:{clientId}</c> (Entra's v1.0
/// spelling of a service principal as a resource), or by one of its identifier URIs.
/// </summary>
internal sealed class ApiResources(EmulatorDirectory directory)
{
    private const string ApiScheme = "api://";
    private const string SpnScheme = "spn:";

    /// <summary>
    /// For the token endpoint's grants: the API the scopes name (null for Graph), or the error to answer with: a value
    /// that is no scope (AADSTS70011), an unknown resource (AADSTS500011), a scope the API does not expose
    /// (AADSTS65001, <see cref="ConsentedScopes"/>).
    /// </summary>
    /// <param name="tenantId">The user's tenant: a single-tenant API exists only in its home tenant (§3.5, AADSTS500011).</param>
    /// <param name="client">The application asking, named by the consent error.</param>
    public bool TryResolve(ScopeSet scopes, string tenantId, EmulatorApplication client, out ApiResource? api, out EntraError? error)
    {
        if (scopes.Unrecognised is [var first, ..])
        {
            (api, error) = (null, EntraErrors.UnknownScope(first));
            return false;
        }

        (api, error) = Resolve(scopes, tenantId) switch
        {
            ApiResolution.Found found when !ConsentedScopes.Cover(found.Resource) => (null, EntraErrors.ConsentRequired(client)),
            ApiResolution.Found found => (found.Resource, (EntraError?)null),
            ApiResolution.Unknown unknown => (null, unknown.Error),
            _ => ((ApiResource?)null, (EntraError?)null),
        };
        return error is null;
    }

    /// <summary>
    /// For IMDS, whose <c>resource</c> is one v1-style resource URI without a scope name (§7.1): the directory API it
    /// names as a scope's resource part would, or null. A null with no error is a resource the emulator does not
    /// model (Graph, Azure Resource Manager, the federation audiences <c>api://AzureADTokenExchange…</c>, and any
    /// client id or <c>spn:</c>, which may be one of Microsoft's own apps: Key Vault, Azure DevOps); an <c>api://</c>
    /// URI that is no app here gets Entra's AADSTS500011, which IMDS passes on as Entra wrote it.
    /// </summary>
    public EmulatorApplication? FindByResource(string resource, string tenantId, out EntraError? notFound)
    {
        var app = Find(resource, tenantId)?.App;
        notFound = app is null && resource.StartsWith(ApiScheme, StringComparison.OrdinalIgnoreCase) && !IsTokenExchangeAudience(resource)
            ? NotFound(resource, tenantId)
            : null;
        return app;
    }

    public ApiResolution Resolve(ScopeSet scopes, string tenantId)
    {
        foreach (var scope in scopes.Resources)
        {
            if (Find(scope.Resource, tenantId) is { } found)
            {
                var (app, audience) = found;
                var own = scopes.Resources.Where(s => Find(s.Resource, tenantId)?.App.ClientId == app.ClientId).ToList();
                return new ApiResolution.Found(new ApiResource(app, audience, own));
            }

            if (NotFound(scope.Resource, tenantId) is { } notFound)
            {
                return new ApiResolution.Unknown(notFound);
            }
        }

        return new ApiResolution.Graph();
    }

    // At the token endpoint, api://, spn: and client ids are taken to mean an app registration of the directory; other
    // URIs (https://management.azure.com/…) may be Microsoft resources the emulator does not model, so they pass. IMDS
    // (FindByResource) refuses only api:// ones, as a client id there is as likely one of Microsoft's own apps.
    private EntraError? NotFound(string resource, string tenantId)
    {
        if (!resource.StartsWith(ApiScheme, StringComparison.OrdinalIgnoreCase) && !resource.StartsWith(SpnScheme, StringComparison.OrdinalIgnoreCase)
            && !Guid.TryParse(resource, out _))
        {
            return null;
        }

        var tenantName = directory.FindTenant(tenantId)?.DisplayName ?? tenantId;
        return EntraErrors.ResourceNotFound(resource, tenantName);
    }

    // The audiences of federated-credential assertions, which a managed identity's token may be for (§7.1): Microsoft's
    // own api:// resources, one per cloud.
    private static readonly string[] TokenExchangeAudiences = [WellKnownIds.TokenExchangeAudience, "api://AzureADTokenExchangeUSGov", "api://AzureADTokenExchangeChina"];

    private static bool IsTokenExchangeAudience(string resource) => TokenExchangeAudiences.Contains(resource, StringComparer.OrdinalIgnoreCase);

    // The audience of a v1.0 token is the resource as the client named it: the registered spelling of the identifier
    // URI, api://{clientId}, spn:{clientId}, or the bare GUID.
    private (EmulatorApplication App, string Audience)? Find(string resource, string tenantId)
    {
        var scheme = resource.StartsWith(ApiScheme, StringComparison.OrdinalIgnoreCase) ? ApiScheme
            : resource.StartsWith(SpnScheme, StringComparison.OrdinalIgnoreCase) ? SpnScheme
            : "";
        if (Guid.TryParse(resource[scheme.Length..], out var clientId) && directory.FindApplication(clientId.ToString("D")) is { } byId && Visible(byId, tenantId))
        {
            return (byId, scheme + byId.ClientId);
        }

        foreach (var app in directory.Applications)
        {
            var uri = app.IdentifierUris.FirstOrDefault(u => string.Equals(u, resource, StringComparison.OrdinalIgnoreCase));
            if (uri is not null && Visible(app, tenantId))
            {
                return (app, uri);
            }
        }

        return null;
    }

    // A multi-tenant API has a service principal wherever it is used (consent is not modelled); a single-tenant one
    // only in its home tenant.
    private static bool Visible(EmulatorApplication app, string tenantId) =>
        app.SignInAudience.IsMultiTenant() || string.Equals(app.HomeTenantId, tenantId, StringComparison.OrdinalIgnoreCase);
}

/// <summary>An API an access token is for.</summary>
/// <param name="Audience">The v1.0 <c>aud</c>: the resource as the client named it.</param>
/// <param name="Scopes">The request's scopes of this API, as asked.</param>
internal sealed record ApiResource(EmulatorApplication Application, string Audience, IReadOnlyList<ResourceScope> Scopes)
{
    /// <summary>
    /// The <c>scp</c> names: those asked for by name, and for <c>.default</c> the API's exposed scopes (all consented:
    /// the emulator keeps no consent records).
    /// </summary>
    public IEnumerable<string> ScopeNames
    {
        get
        {
            var named = Scopes.Select(s => s.Name).Where(n => n != ".default");
            return (Scopes.Any(s => s.Name == ".default") ? named.Concat(Application.ExposedScopes) : named).Distinct(StringComparer.Ordinal);
        }
    }

    public bool IssuesV2 => Application.AccessTokenAcceptedVersion == 2;
}

/// <summary>Which resource a request's access token is for.</summary>
internal abstract record ApiResolution
{
    private ApiResolution()
    {
    }

    /// <summary>No API was asked for: the access token is for Microsoft Graph.</summary>
    public sealed record Graph : ApiResolution;

    public sealed record Found(ApiResource Resource) : ApiResolution;

    /// <summary>An <c>api://</c> or client-id resource that is not in the directory, or not in the user's tenant.</summary>
    public sealed record Unknown(EntraError Error) : ApiResolution;
}
