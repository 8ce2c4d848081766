using Lanyard.Identity;
using Microsoft.Extensions.Primitives;

namespace Lanyard.Authorization;

/// <summary>
/// oauth2-proxy's per-location rules on the forward-auth endpoint: <c>/oauth2/auth?allowed_groups=a,b</c>,
/// <c>allowed_email_domains=…</c>, <c>allowed_emails=…</c> (comma-separated, any match; several parameters must all
/// pass). nginx configs put them in the <c>auth_request</c> URL, so ignoring them would let every signed-in user
/// through a location meant for a few.
/// </summary>
internal static class AuthQueryConstraints
{
    /// <summary>The deny, or null when every constraint in the query passes (or there are none).</summary>
    public static AccessDecision.Deny? Check(IQueryCollection query, UserIdentity identity)
    {
        if (Values(query["allowed_groups"]) is { Count: > 0 } groups && !identity.Groups.Any(g => groups.Contains(g, StringComparer.OrdinalIgnoreCase)))
        {
            return new AccessDecision.Deny("allowed_groups (query)", identity.GroupsProblem is { } problem
                ? $"your group memberships could not be read ({problem})"
                : "you are not a member of any group this location allows");
        }

        if (Values(query["allowed_email_domains"]) is { Count: > 0 } domains && !new EmailDomainRule(domains).Allows(identity.Email))
        {
            return new AccessDecision.Deny("allowed_email_domains (query)", AccessEvaluator.EmailDenial(identity, "your email domain is not allowed at this location"));
        }

        if (Values(query["allowed_emails"]) is { Count: > 0 } emails && (identity.Email is null || !emails.Contains(identity.Email, StringComparer.OrdinalIgnoreCase)))
        {
            return new AccessDecision.Deny("allowed_emails (query)", AccessEvaluator.EmailDenial(identity, "your email address is not allowed at this location"));
        }

        return null;
    }

    private static List<string> Values(StringValues values) =>
        [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
