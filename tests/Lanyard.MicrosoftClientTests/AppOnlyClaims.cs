using Lanyard.Emulator;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lanyard.MicrosoftClientTests;

/// <summary>
/// The claims a library or API reads from an app-only token (issue 13): <c>idtyp</c> app, the tenant, the service
/// principal's object id (<c>oid</c> = <c>sub</c>, never the client id) and the app roles granted to the caller.
/// </summary>
internal static class AppOnlyClaims
{
    /// <summary>The demo API's <c>.default</c> scope: the dev and Kubernetes server apps are granted its caller role.</summary>
    public const string DemoApiDefaultScope = DemoDirectory.DemoApiIdentifierUri + "/.default";

    public static void AssertFor(JsonWebToken token, string clientId, string[] roles, string? objectId = null)
    {
        Assert.Equal("app", token.GetClaim("idtyp").Value);
        Assert.Equal(DemoDirectory.ContosoTenantId, token.GetClaim("tid").Value);
        var oid = token.GetClaim("oid").Value;
        Assert.True(Guid.TryParse(oid, out _), $"oid '{oid}' is not a GUID");
        Assert.NotEqual(clientId, oid, StringComparer.OrdinalIgnoreCase);
        if (objectId is not null)
        {
            Assert.Equal(objectId, oid);
        }

        Assert.Equal(oid, token.GetClaim("sub").Value);
        Assert.False(token.TryGetClaim("scp", out _), "app-only tokens carry no scp");
        Assert.Equal(roles, token.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
    }
}
