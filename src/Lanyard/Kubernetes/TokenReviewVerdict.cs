namespace Lanyard.Kubernetes;

/// <summary>What the webhook decided about one token: a closed set.</summary>
internal abstract record TokenReviewVerdict
{
    private TokenReviewVerdict()
    {
    }

    /// <summary>The token is good: this is who it belongs to, for <paramref name="Audiences"/> (null: the API server's implicit ones).</summary>
    public sealed record Authenticated(KubernetesUser User, IReadOnlyList<string>? Audiences) : TokenReviewVerdict;

    /// <summary>
    /// The token is not good, for <paramref name="Reason"/>: HTTP 200, <c>authenticated: false</c>, the reason in
    /// <c>status.error</c>. <paramref name="Subject"/>: whom the token names, for the audit (null: nobody known).
    /// </summary>
    public sealed record Refused(string Reason, TokenReviewSubject? Subject = null) : TokenReviewVerdict;

    /// <summary>
    /// Lanyard could not tell (keys or Microsoft Graph unreachable, throttled): a 5xx or 429 the API server retries;
    /// never a guess. <paramref name="Subject"/>: whom the token names, for the audit (null: nobody known).
    /// </summary>
    public sealed record Unavailable(string Reason, int Status, TimeSpan? RetryAfter = null, TokenReviewSubject? Subject = null) : TokenReviewVerdict;
}
