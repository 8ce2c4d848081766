using Lanyard.Emulator.Protocol;

namespace Lanyard.Emulator.Endpoints;

/// <summary>An authorize request that passed <see cref="ValidateAuthorizeRequest"/>: what to return, and how.</summary>
/// <param name="ReturnsCode"><c>response_type</c> holds <c>code</c>.</param>
/// <param name="ReturnsIdToken"><c>response_type</c> holds <c>id_token</c> (implicit, or hybrid with a code).</param>
/// <param name="CodeChallenge">The PKCE challenge, when the client sent one with a code request; null otherwise, which
/// confidential clients may do (the token endpoint then requires their credential, and refuses public clients).</param>
/// <param name="CodeChallengeMethod"><c>S256</c> or <c>plain</c> when <paramref name="CodeChallenge"/> is set.</param>
internal sealed record AuthorizeRequest(
    bool ReturnsCode,
    bool ReturnsIdToken,
    AuthorizeResponseMode ResponseMode,
    string? Nonce,
    string? CodeChallenge,
    string? CodeChallengeMethod);
