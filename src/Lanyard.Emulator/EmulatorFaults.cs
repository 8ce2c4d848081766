namespace Lanyard.Emulator;

/// <summary>
/// Switches that make the emulator misbehave (or behave more strictly than Entra) on purpose, so tests can show
/// the relying party copes. Registered as a singleton; flip them at any time, in process or through
/// <c>/_emulator/faults</c>.
/// </summary>
public sealed class EmulatorFaults
{
    private int _graphThrottleResponses;
    private int _tokenEndpointDelayMilliseconds;
    private int _backdateTokensSeconds;

    /// <summary>
    /// Make the token endpoint wait this long before it answers any grant (0 = not at all), so a test can hold a
    /// code redemption or a refresh in flight while something else happens (a sign-out, say).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int TokenEndpointDelayMilliseconds
    {
        get => Volatile.Read(ref _tokenEndpointDelayMilliseconds);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _tokenEndpointDelayMilliseconds, value);
        }
    }

    /// <summary>
    /// Issue user tokens as if this many seconds ago (0 = now): their <c>iat</c>, <c>nbf</c> and <c>exp</c> move
    /// back, so more than an hour and the clock skew gives a token that is expired as it arrives, as a replayed or
    /// long-cached one would be.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int BackdateTokensSeconds
    {
        get => Volatile.Read(ref _backdateTokensSeconds);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _backdateTokensSeconds, value);
        }
    }

    /// <summary>Sign tokens with a key that the JWKS document does not publish; a relying party must reject them.</summary>
    public bool SignTokensWithUnpublishedKey { get; set; }

    /// <summary>Flip a bit of every token signature: the <c>kid</c> is a published key's, the signature is not its.</summary>
    public bool CorruptTokenSignatures { get; set; }

    /// <summary>
    /// Reject a refresh token the second time it is redeemed. Entra keeps old refresh tokens valid after rotation
    /// (entra-protocol.md §3.2); this switch checks that a client always uses the newest one.
    /// </summary>
    public bool StrictRefreshTokenRotation { get; set; }

    /// <summary>
    /// Refuse every refresh token with <c>invalid_grant</c> (AADSTS50173), as Entra does once a user's sessions are
    /// revoked: a password reset, an administrator's "revoke sessions", a disabled account.
    /// </summary>
    public bool RevokeRefreshTokens { get; set; }

    /// <summary>
    /// Answer the next this-many Microsoft Graph requests (<c>/oidc/userinfo</c> included) with 429
    /// <c>TooManyRequests</c> and <c>Retry-After: 1</c> (§5.3); each throttled request counts one down, so reading it
    /// tells how many are left.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int GraphThrottleResponses
    {
        get => Volatile.Read(ref _graphThrottleResponses);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _graphThrottleResponses, value);
        }
    }

    /// <summary>
    /// Return at most this many items per Graph page whatever <c>$top</c> asks (0 = no cap), as Graph itself may:
    /// makes a client that asks for 999 at once still have to follow <c>@odata.nextLink</c>.
    /// </summary>
    public int GraphMaxPageSize { get; set; }

    /// <summary>
    /// Answer every Microsoft Graph request (<c>/oidc/userinfo</c> too, which Entra serves on Graph) with 503, as
    /// Graph does during an outage.
    /// </summary>
    public bool GraphUnavailable { get; set; }

    /// <summary>Takes one throttled response if any are left; concurrent requests never take the same one.</summary>
    internal bool TryTakeGraphThrottle()
    {
        while (true)
        {
            var left = Volatile.Read(ref _graphThrottleResponses);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _graphThrottleResponses, left - 1, left) == left)
            {
                return true;
            }
        }
    }
}
