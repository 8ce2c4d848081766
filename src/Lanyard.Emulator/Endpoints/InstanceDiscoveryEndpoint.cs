using System.Text.Json;
using Lanyard.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace Lanyard.Emulator.Endpoints;

/// <summary>
/// Instance discovery (entra-protocol.md §1.6), which MSAL and Azure.Identity call before anything else to validate
/// the authority: the tenant's v2.0 metadata URL and the clouds' host aliases, so clients need no "disable instance
/// discovery" switch and never reach the internet. Served under any tenant segment, as Entra does (MSAL asks
/// <c>/common</c>, ADAL-era code the tenant itself).
/// </summary>
internal sealed class InstanceDiscoveryEndpoint(RequestAuthority authority, EntraErrorWriter errors) : IEmulatorEndpoint
{
    // Entra's own list, as login.microsoftonline.com serves it (§1.6): public cloud, China, US Government.
    private static readonly CloudAliases[] MicrosoftClouds =
    [
        new("login.microsoftonline.com", "login.windows.net", ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"]),
        new("login.partner.microsoftonline.cn", "login.partner.microsoftonline.cn", ["login.partner.microsoftonline.cn", "login.chinacloudapi.cn"]),
        new("login.microsoftonline.us", "login.microsoftonline.us", ["login.microsoftonline.us", "login.usgovcloudapi.net"]),
    ];

    public string Pattern => "/{tenant}/discovery/instance";

    public IReadOnlyList<string> Methods { get; } = [HttpMethods.Get];

    public Task HandleAsync(HttpContext context)
    {
        var baseUrl = authority.Resolve(context, Pattern);
        var query = context.Request.Query;

        // MSAL names the authority it means through authorization_endpoint; without one, the route's tenant stands in.
        var tenant = context.Request.RouteValues["tenant"] as string ?? "common";
        var authorityHost = new Uri(baseUrl).Authority;
        if (query["authorization_endpoint"].FirstOrDefault() is { Length: > 0 } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var named) || named.Scheme is not ("http" or "https")
                || named.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is not [var namedTenant, "oauth2", ..])
            {
                return errors.WriteJsonAsync(context, baseUrl, InvalidInstance());
            }

            tenant = namedTenant;
            authorityHost = named.Authority;
        }

        StaticDocumentHeaders.Apply(context.Response);
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("tenant_discovery_endpoint", $"{baseUrl}/{tenant}/v2.0/.well-known/openid-configuration");
            w.WriteString("api-version", "1.1");
            w.WriteStartArray("metadata");
            foreach (var cloud in MicrosoftClouds)
            {
                Write(w, cloud);
            }

            // The emulator's own host is a cloud of its own (Entra's list cannot know it): an entry naming just it lets
            // MSAL find the authority's aliases and cache tokens under the host it was given. Not in Entra's document.
            if (!MicrosoftClouds.Any(c => c.Aliases.Contains(authorityHost, StringComparer.OrdinalIgnoreCase)))
            {
                Write(w, new CloudAliases(authorityHost, authorityHost, [authorityHost]));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    // What Entra answers for an authorization_endpoint it cannot parse; MSAL's MsalError.InvalidInstance is this error.
    private static EntraError InvalidInstance() =>
        new("invalid_instance", 50049, "Unknown or invalid instance.");

    private static void Write(Utf8JsonWriter w, CloudAliases cloud)
    {
        w.WriteStartObject();
        w.WriteString("preferred_network", cloud.PreferredNetwork);
        w.WriteString("preferred_cache", cloud.PreferredCache);
        w.WriteStartArray("aliases");
        foreach (var alias in cloud.Aliases)
        {
            w.WriteStringValue(alias);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private sealed record CloudAliases(string PreferredNetwork, string PreferredCache, string[] Aliases);
}
