using Lanyard.Caching;
using Lanyard.Configuration;
using Lanyard.Providers.Oidc;

namespace Lanyard.Providers.Entra;

/// <summary>
/// App-only Microsoft Graph tokens for this application, one per tenant (client credentials with its own credential:
/// secret, certificate, workload identity or managed identity, through <see cref="ClientAuthenticator"/>), kept until
/// five minutes before they expire. Concurrent callers for one tenant share one request; a failure is not kept, so
/// the next caller tries again.
/// </summary>
internal sealed class GraphAppToken(ProviderOptions options, ProviderMetadata metadata, TokenEndpointClient tokens, TimeProvider time)
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    // A token is kept until its renewal time; a failure is not kept, so the next caller tries again.
    private readonly SingleFlightCache<Acquired> _tenants = new(acquired => acquired.Token is null ? null : acquired.RenewAt, maxEntries: null, StringComparer.OrdinalIgnoreCase, time);

    // The methods read this copy: a primary-constructor parameter handed to a field initializer (the cache above)
    // and also captured by methods is stored twice (CS9124).
    private readonly TimeProvider _time = time;

    /// <summary>The token, or why there is none (null token).</summary>
    public async Task<(string? Token, string? Problem)> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var (acquired, fresh) = await _tenants.GetAsync(tenantId, this, static (tenant, self) => self.AcquireAsync(tenant), cancellationToken);
        if (acquired.Token is null)
        {
            return (null, acquired.Problem);
        }

        // Not fresh: the token got in place of one due for renewal was due already.
        return fresh ? (acquired.Token, null) : (null, "Microsoft Graph's app-only token expired as soon as it was issued; check the clocks");
    }

    // Not tied to one caller's cancellation: others may be waiting on it. The HTTP client's timeout bounds it.
    private async Task<Acquired> AcquireAsync(string tenantId)
    {
        var configuration = await metadata.GetAsync(CancellationToken.None);
        if (configuration?.TokenEndpoint is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var endpoint))
        {
            return new Acquired(null, "the identity provider's token endpoint is not known", default);
        }

        if (options.EntraId.GraphUrl is not { } graph)
        {
            return new Acquired(null, $"Microsoft Graph's address is not known for {options.IssuerUrl.Host}; set entra_id_graph_url", default);
        }

        var issuedAt = _time.GetUtcNow();
        return await tokens.RequestClientCredentialsAsync(EntraAuthority.TokenEndpointFor(endpoint, tenantId), [.. configuration.TokenEndpointAuthMethodsSupported], EntraClouds.GraphDefaultScopeFor(graph), CancellationToken.None) switch
        {
            TokenRequestResult.Issued issued => new Acquired(issued.Tokens.AccessToken, null, RenewAt(issuedAt, issued.Tokens.ExpiresIn)),
            TokenRequestResult.Refused refused => new Acquired(null, $"Entra ID refused this application a Microsoft Graph token ({refused.Error}: {refused.Description})", default),
            TokenRequestResult.Unavailable unavailable => new Acquired(null, "no Microsoft Graph token: " + unavailable.Reason, default),
            _ => new Acquired(null, "no Microsoft Graph token", default),
        };
    }

    // Renewed five minutes early, or halfway through a lifetime shorter than ten minutes.
    private static DateTimeOffset RenewAt(DateTimeOffset issuedAt, long? expiresIn)
    {
        var lifetime = TimeSpan.FromSeconds(Math.Max(0, expiresIn ?? 0));
        return issuedAt + (lifetime > 2 * RenewBefore ? lifetime - RenewBefore : lifetime / 2);
    }

    private sealed record Acquired(string? Token, string? Problem, DateTimeOffset RenewAt);
}
