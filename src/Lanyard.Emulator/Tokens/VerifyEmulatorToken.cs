namespace Lanyard.Emulator.Tokens;

/// <summary>
/// Verifies a token against the emulator's own published keys and the clock: the check Microsoft Graph makes of
/// the tokens it accepts, and the one Entra makes of its own managed-identity tokens presented as assertions. A
/// token signed under <see cref="EmulatorFaults.SignTokensWithUnpublishedKey"/> fails, as it should.
/// </summary>
internal sealed class VerifyEmulatorToken(SigningKeys keys, TimeProvider time)
{
    /// <param name="skew">Tolerance for <c>exp</c> and <c>nbf</c>.</param>
    public EmulatorTokenCheck Check(string? token, TimeSpan skew)
    {
        if (!ParsedJwt.TryParse(token, out var jwt))
        {
            return new EmulatorTokenCheck.Malformed();
        }

        var key = keys.Published.FirstOrDefault(k => string.Equals(k.KeyId, jwt.KeyId, StringComparison.Ordinal));
        if (key is null || !key.Verifies(jwt))
        {
            return new EmulatorTokenCheck.BadSignature();
        }

        var now = time.GetUtcNow();
        if (jwt.Instant("exp") is not { } expires || now >= expires + skew)
        {
            return new EmulatorTokenCheck.Expired();
        }

        return jwt.Instant("nbf") is { } notBefore && notBefore > now + skew
            ? new EmulatorTokenCheck.NotYetValid()
            : new EmulatorTokenCheck.Valid(jwt);
    }
}
