namespace Lanyard.Configuration;

/// <summary>What the authorize request carries besides the code flow's own parameters.</summary>
/// <param name="ApprovalPrompt"><c>approval_prompt</c>: oauth2-proxy sends it (default <c>force</c>) only when
/// <c>prompt</c> is not set, as its legacy options do; null sends none.</param>
/// <param name="AcrValues"><c>acr_values</c> (OpenID Connect Core §3.1.2.1), or null.</param>
/// <param name="ResponseMode"><c>auth_request_response_mode</c>: sent as <c>response_mode</c> when set (only
/// <c>query</c> can reach the callback).</param>
/// <param name="SendNonce">False with <c>insecure_oidc_skip_nonce</c>: no nonce sent, none checked.</param>
/// <param name="CodeChallengeMethod"><c>code_challenge_method</c> as configured, or null; PKCE uses S256 either way.</param>
internal sealed record SignInRequestOptions(
    string? ApprovalPrompt = "force",
    string? AcrValues = null,
    string? ResponseMode = null,
    bool SendNonce = true,
    string? CodeChallengeMethod = null)
{
    public static SignInRequestOptions Default { get; } = new();
}
