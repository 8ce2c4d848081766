using Lanyard.Authorization.Routes;
using Lanyard.Sessions;

namespace Lanyard.Pipeline;

/// <summary>
/// The answer of the one decision stage (<see cref="DecideAccess"/>) to "may this request pass?", for every caller:
/// the proxy, each forward-auth mode and the gRPC check map it to their own response. A closed set; every switch on
/// it ends in deny.
/// </summary>
internal abstract record AccessVerdict
{
    private AccessVerdict()
    {
    }

    /// <summary>
    /// The request passes. <paramref name="Ticket"/> is the identity to assert, or null to assert none (a skipped
    /// route whose caller is not a signed-in user every rule allows); <paramref name="SkippedBy"/> names the rule
    /// that let it through without a sign-in, if one did. <paramref name="BearerTokenRefused"/>: the request carried a
    /// bearer token Lanyard refused (so it must not reach the upstream).
    /// </summary>
    public sealed record Allow(SessionTicket? Ticket, RouteRule? SkippedBy, bool BearerTokenRefused) : AccessVerdict;

    /// <summary>
    /// No (valid) identity: sign in first. <paramref name="RefusedBearerToken"/> says why a bearer token was refused,
    /// for the caller's <c>WWW-Authenticate</c>; <paramref name="ApiRoute"/>: an <c>api_routes</c> match, answered 401
    /// and never sent to sign in.
    /// </summary>
    public sealed record SignInRequired(string? RefusedBearerToken, bool ApiRoute) : AccessVerdict;

    /// <summary>
    /// Refused: <paramref name="Rule"/> (the option or rule name as the user wrote it) said no, for
    /// <paramref name="Reason"/>. <paramref name="RefusedBearerToken"/> is set when the refusal is of a bearer token
    /// (<c>bearer_token_login_fallback = false</c>).
    /// </summary>
    public sealed record Denied(string Rule, string Reason, string? RefusedBearerToken = null) : AccessVerdict
    {
        /// <summary>The one sentence every deny page, body and message uses: "Reason (rule: X)."</summary>
        public string Describe() => DescribeDenial(Rule, Reason);
    }

    public static string DescribeDenial(string rule, string reason) => $"{Capitalized(reason)} (rule: {rule}).";

    private static string Capitalized(string text) =>
        text.Length > 0 && char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;
}
