using Lanyard.Providers.Oidc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lanyard.Kubernetes;

/// <summary>
/// Whom a review that is no "yes" was about, for the audit line (issue 12: every review names the user, never the
/// token). <paramref name="Verified"/> false: read from a token that failed validation, so it is what the token
/// claims, not who sent it; the audit line says which.
/// </summary>
internal sealed record TokenReviewSubject(string User, string Uid, bool Verified)
{
    /// <summary>Claim values reach a log line: capped, and without control characters that could forge a second one.</summary>
    private const int MaxLength = 256;

    /// <summary>A validated token: <paramref name="username"/> when the reviewer got as far as mapping it, else the token's sign-in name or object id.</summary>
    public static TokenReviewSubject Of(JsonWebToken token, string? username = null)
    {
        var uid = OidcProviderEvents.Claim(token, "oid");
        return new TokenReviewSubject(Clean(username ?? SignInName(token) ?? uid), Clean(uid), Verified: true);
    }

    /// <summary>What a token that failed validation claims, or null when it is no JWT or names nobody.</summary>
    public static TokenReviewSubject? Claimed(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        JsonWebToken parsed;
        try
        {
            parsed = new JsonWebToken(token);
        }
        catch (SecurityTokenMalformedException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }

        var uid = OidcProviderEvents.Claim(parsed, "oid");
        var name = SignInName(parsed);
        return uid is null && name is null ? null : new TokenReviewSubject(Clean(name ?? uid), Clean(uid), Verified: false);
    }

    private static string? SignInName(JsonWebToken token) =>
        OidcProviderEvents.Claim(token, "upn") ?? OidcProviderEvents.Claim(token, "preferred_username") ?? OidcProviderEvents.Claim(token, "unique_name");

    private static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        // The same control-character rule as identity header values (HeaderValues.Safe), then the cap.
        var kept = Headers.HeaderValues.Safe(value);
        return kept.Length == 0 ? "-" : kept.Length > MaxLength ? kept[..MaxLength] : kept;
    }
}
