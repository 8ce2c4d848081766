using Lanyard.Emulator.Protocol;
using Lanyard.Emulator.Tokens;

namespace Lanyard.Emulator.ClientAssertions;

/// <summary>The time checks of a client assertion: <c>exp</c> required, <c>nbf</c> optional, five minutes' skew.</summary>
internal static class AssertionLifetime
{
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    /// <returns>Null when the assertion is valid now; else the error (AADSTS700024, or 50027 without <c>exp</c>).</returns>
    public static EntraError? Check(ParsedJwt jwt, DateTimeOffset now)
    {
        if (jwt.Instant("exp") is not { } expires)
        {
            return EntraErrors.MalformedAssertion("The 'exp' claim is missing.");
        }

        var notBefore = jwt.Instant("nbf");
        return now > expires + Skew || notBefore > now + Skew
            ? EntraErrors.AssertionOutsideValidity(now, notBefore ?? jwt.Instant("iat"), expires)
            : null;
    }
}
