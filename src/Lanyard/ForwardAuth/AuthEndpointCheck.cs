using Lanyard.Endpoints;

namespace Lanyard.ForwardAuth;

/// <summary>
/// <see cref="IForwardAuthCheck"/> by <c>/oauth2/auth</c>'s own handler, the one seam between the gRPC adapter and
/// the forward-auth endpoint: when the endpoint changes, this file is what changes.
/// </summary>
internal sealed class AuthEndpointCheck(AuthEndpoint endpoint) : IForwardAuthCheck
{
    public async Task CheckAsync(HttpContext syntheticContext)
    {
        // AuthEndpoint reads per-location rules (allowed_groups=...) from its own query, which here would be the
        // application's: judge without it, and put it back for whoever reads the request after us.
        var query = syntheticContext.Request.QueryString;
        syntheticContext.Request.QueryString = QueryString.Empty;
        try
        {
            await endpoint.HandleAsync(syntheticContext);
        }
        finally
        {
            syntheticContext.Request.QueryString = query;
        }
    }
}
