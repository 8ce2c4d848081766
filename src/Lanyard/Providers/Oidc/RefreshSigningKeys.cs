using Lanyard.Configuration;
using Lanyard.Observability;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Providers.Oidc;

/// <summary>
/// Refetches the provider's key set when a token names a key Lanyard has not seen, which is how a key rotation
/// shows (entra-protocol.md §9), without letting anyone spend that refetch (issue 9, finding 7).
/// IdentityModel's own refresh runs at once for the first unknown <c>kid</c> and then at most every five minutes,
/// for any token: one unauthenticated request with a made-up <c>kid</c> used it up, and real sign-ins failed for
/// five minutes after the next rotation. Here:
/// <list type="bullet">
/// <item>a bearer token may cause a refetch only when it is well formed, names a <c>kid</c> and an issuer this
/// provider would accept, and no refetch happened in the last <see cref="MinimumInterval"/>;</item>
/// <item>a sign-in (an ID token just received from the token endpoint over the back channel, which an attacker
/// cannot forge) always gets one refetch; concurrent ones share it.</item>
/// </list>
/// The fetched keys replace the discovery document's until IdentityModel loads a newer document.
/// </summary>
internal sealed class RefreshSigningKeys(ProviderOptions options, ProviderDocumentRetriever retriever, TimeProvider time, LanyardMetrics metrics, ILogger<RefreshSigningKeys> logger) : IDisposable
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private FetchedKeys? _fetched;
    private long _lastFetchTicks = DateTimeOffset.MinValue.UtcTicks;
    private long _fetches;
    private volatile bool _lastFetchFailed;

    /// <summary>The keys to validate with under <paramref name="configuration"/>: the refetched ones if they are newer.</summary>
    public ICollection<SecurityKey> KeysFor(OpenIdConnectConfiguration configuration) =>
        Volatile.Read(ref _fetched) is { } fetched && ReferenceEquals(fetched.BasedOn, configuration) ? fetched.Keys : configuration.SigningKeys;

    /// <summary>
    /// Refetches the key set if this caller may: <see cref="KeyRefresh.Refreshed"/> when new keys were loaded (worth
    /// validating again); <see cref="KeyRefresh.Failed"/> when the key set could not be fetched, by this caller or by
    /// the last fetch within <see cref="MinimumInterval"/> (the keys are unknown, not the token shown bad);
    /// <see cref="KeyRefresh.NotRefreshed"/> when no fetch was allowed and the last one succeeded, or there is no
    /// <c>jwks_uri</c>.
    /// </summary>
    /// <param name="forSignIn">True for an ID token from the token endpoint: not rate-limited.</param>
    public async Task<KeyRefresh> TryRefreshAsync(OpenIdConnectConfiguration configuration, bool forSignIn, CancellationToken cancellationToken)
    {
        if (configuration.JwksUri is not { Length: > 0 } jwksUri)
        {
            return KeyRefresh.NotRefreshed;
        }

        var asked = time.GetUtcNow();
        if (!forSignIn && asked.UtcTicks - Interlocked.Read(ref _lastFetchTicks) < MinimumInterval.Ticks)
        {
            LogEvents.SigningKeyRefreshSkipped(logger, (int)MinimumInterval.TotalSeconds);
            metrics.JwksRefresh("rate_limited");
            // Within the interval after a failed fetch the keys are still unknown: an API server's retry of a
            // review during an outage must hear "unavailable" again, not "invalid".
            return _lastFetchFailed ? KeyRefresh.Failed : KeyRefresh.NotRefreshed;
        }

        var fetchesBefore = Interlocked.Read(ref _fetches);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Someone refetched while this caller waited: take theirs rather than fetching again.
            if (Interlocked.Read(ref _fetches) != fetchesBefore)
            {
                metrics.JwksRefresh("shared");
                return _lastFetchFailed ? KeyRefresh.Failed : KeyRefresh.Refreshed;
            }

            using var activity = LanyardTracing.StartCall("jwks refresh");

            Interlocked.Exchange(ref _lastFetchTicks, time.GetUtcNow().UtcTicks);
            Interlocked.Increment(ref _fetches);
            var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(jwksUri, cancellationToken)).GetSigningKeys();
            foreach (var key in options.Endpoints.StaticKeys)
            {
                // oidc_public_key_files stay trusted next to whatever the key set now holds.
                keys.Add(key);
            }

            Volatile.Write(ref _fetched, new FetchedKeys(configuration, keys));
            _lastFetchFailed = false;
            LogEvents.SigningKeysRefreshed(logger, keys.Count);
            metrics.JwksRefresh("refreshed");
            return KeyRefresh.Refreshed;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or ArgumentException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The last good keys stay in use (Microsoft's guidance, §9); the next allowed attempt tries again.
            LogEvents.SigningKeyRefreshFailed(logger, e.GetType().Name);
            _lastFetchFailed = true;
            metrics.JwksRefresh("failed");
            return KeyRefresh.Failed;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record FetchedKeys(OpenIdConnectConfiguration BasedOn, IList<SecurityKey> Keys);
}

/// <summary>What <see cref="RefreshSigningKeys.TryRefreshAsync"/> did.</summary>
internal enum KeyRefresh
{
    /// <summary>No fetch was allowed (rate limit after a good fetch) or possible (no <c>jwks_uri</c>): the keys in hand are the answer.</summary>
    NotRefreshed,

    /// <summary>New keys were loaded, by this caller or one it waited for: validate again.</summary>
    Refreshed,

    /// <summary>The key set could not be fetched: whether the token's key exists is not known.</summary>
    Failed,
}
