namespace Lanyard.Emulator;

/// <summary>
/// Switches that make the emulator misbehave (or behave more strictly than Entra) on purpose, so tests can show
/// the relying party copes. Registered as a singleton; flip them at any time.
/// </summary>
public sealed class EmulatorFaults
{
    /// <summary>Sign tokens with a key that the JWKS document does not publish; a relying party must reject them.</summary>
    public bool SignTokensWithUnpublishedKey { get; set; }

    /// <summary>Flip a bit of every token signature: the <c>kid</c> is a published key's, the signature is not its.</summary>
    public bool CorruptTokenSignatures { get; set; }

    /// <summary>
    /// Reject a refresh token the second time it is redeemed. Entra keeps old refresh tokens valid after rotation
    /// (entra-protocol.md §3.2); this switch checks that a client always uses the newest one.
    /// </summary>
    public bool StrictRefreshTokenRotation { get; set; }
}
