namespace Lanyard.Emulator;

/// <summary>
/// Counters of what the emulator was asked to do, so tests can prove a client's behaviour (for example, that it
/// refreshed once rather than on every request). Registered as a singleton; also served at <c>/_emulator/stats</c>.
/// Only successful operations count.
/// </summary>
public sealed class EmulatorStatistics
{
    private long _authorizationCodeRedemptions;
    private long _refreshTokenRedemptions;
    private long _clientAssertionsAccepted;
    private long _graphRequests;
    private long _managedIdentityTokens;
    private long _federationTokens;
    private long _keySetRequests;
    private long _discoveryRequests;
    private long _deviceCodesIssued;
    private long _deviceCodeRedemptions;
    private long _clientCredentialsTokens;

    /// <summary>Authorization codes exchanged for tokens.</summary>
    public long AuthorizationCodeRedemptions => Interlocked.Read(ref _authorizationCodeRedemptions);

    /// <summary>Refresh tokens exchanged for new tokens.</summary>
    public long RefreshTokenRedemptions => Interlocked.Read(ref _refreshTokenRedemptions);

    /// <summary>Clients authenticated with a certificate or federated assertion instead of a secret.</summary>
    public long ClientAssertionsAccepted => Interlocked.Read(ref _clientAssertionsAccepted);

    /// <summary>
    /// Microsoft Graph requests answered with success: the <c>/v1.0</c> stub's and <c>/oidc/userinfo</c>'s, which
    /// Entra serves on Graph.
    /// </summary>
    public long GraphRequests => Interlocked.Read(ref _graphRequests);

    /// <summary>Tokens issued by the managed-identity (IMDS) endpoint.</summary>
    public long ManagedIdentityTokens => Interlocked.Read(ref _managedIdentityTokens);

    /// <summary>Tokens minted by the emulator-hosted federated issuers (<c>/federation/{name}/token</c>).</summary>
    public long FederationTokens => Interlocked.Read(ref _federationTokens);

    /// <summary>Key set (JWKS) documents served: how often relying parties fetched the signing keys.</summary>
    public long KeySetRequests => Interlocked.Read(ref _keySetRequests);

    /// <summary>Discovery documents served: a relying party with skip_oidc_discovery must never ask for one.</summary>
    public long DiscoveryRequests => Interlocked.Read(ref _discoveryRequests);

    /// <summary>Device authorization requests answered with a code: how many device sign-ins were started.</summary>
    public long DeviceCodesIssued => Interlocked.Read(ref _deviceCodesIssued);

    /// <summary>Approved device codes exchanged for tokens.</summary>
    public long DeviceCodeRedemptions => Interlocked.Read(ref _deviceCodeRedemptions);

    /// <summary>App-only tokens issued by the client-credentials grant.</summary>
    public long ClientCredentialsTokens => Interlocked.Read(ref _clientCredentialsTokens);

    internal void CountDeviceCodeIssued() => Interlocked.Increment(ref _deviceCodesIssued);

    internal void CountDeviceCodeRedemption() => Interlocked.Increment(ref _deviceCodeRedemptions);

    internal void CountClientCredentialsToken() => Interlocked.Increment(ref _clientCredentialsTokens);

    internal void CountDiscoveryRequest() => Interlocked.Increment(ref _discoveryRequests);

    internal void CountKeySetRequest() => Interlocked.Increment(ref _keySetRequests);

    internal void CountAuthorizationCodeRedemption() => Interlocked.Increment(ref _authorizationCodeRedemptions);

    internal void CountRefreshTokenRedemption() => Interlocked.Increment(ref _refreshTokenRedemptions);

    internal void CountClientAssertion() => Interlocked.Increment(ref _clientAssertionsAccepted);

    internal void CountGraphRequest() => Interlocked.Increment(ref _graphRequests);

    internal void CountManagedIdentityToken() => Interlocked.Increment(ref _managedIdentityTokens);

    internal void CountFederationToken() => Interlocked.Increment(ref _federationTokens);
}
