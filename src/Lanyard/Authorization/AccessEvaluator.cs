using System.Collections.Frozen;
using Lanyard.Configuration;
using Lanyard.Identity;

namespace Lanyard.Authorization;

/// <summary>
/// Decides whether an identity may pass. Compiled once from the options; evaluating does no I/O.
/// Runs at sign-in and again on every request, so a rule tightened by a restart applies to existing sessions.
/// </summary>
internal sealed class AccessEvaluator(AccessOptions options, AuthenticatedEmailList authenticatedEmails)
{
    private readonly EmailDomainRule _emailDomains = new(options.EmailDomains);
    private readonly FrozenSet<string> _allowedGroups = options.AllowedGroups.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    private readonly FrozenSet<string> _allowedRoles = options.AllowedRoles.ToFrozenSet(StringComparer.Ordinal);

    public AccessDecision Decide(UserIdentity? identity)
    {
        if (identity is null)
        {
            return AccessDecision.NotSignedIn;
        }

        // authenticated_emails_file allows addresses besides email_domains, as oauth2-proxy's validator does.
        // An htpasswd user has no address to check unless prefer_email_to_user gave it one (oauth2-proxy alike).
        if (!(identity is { SignedInWithPassword: true, Email: null }) && !_emailDomains.Allows(identity.Email) && !authenticatedEmails.Contains(identity.Email))
        {
            return authenticatedEmails.IsConfigured
                ? new AccessDecision.Deny("email_domains, authenticated_emails_file", EmailDenial(identity, "your email address is not allowed here"))
                : new AccessDecision.Deny("email_domains", EmailDenial(identity, "your email domain is not allowed here"));
        }

        if (_allowedGroups.Count > 0 && !identity.Groups.Any(_allowedGroups.Contains))
        {
            return new AccessDecision.Deny("allowed_groups", identity.GroupsProblem is { } problem
                ? $"your group memberships could not be read ({problem}), so membership in an allowed group cannot be confirmed"
                : "you are not a member of any group allowed here");
        }

        if (_allowedRoles.Count > 0 && !identity.Roles.Any(_allowedRoles.Contains))
        {
            return new AccessDecision.Deny("allowed_roles", "you do not hold an app role allowed here");
        }

        return new AccessDecision.Allow(identity);
    }

    /// <summary>
    /// Why an email rule refused: the address's own fault, or (issue 9) that there is no trusted address at all,
    /// saying why when the provider named one it does not vouch for. Never "allowed" for a missing address.
    /// </summary>
    public static string EmailDenial(UserIdentity identity, string whenPresent) => identity switch
    {
        { Email: not null } => whenPresent,
        { EmailProblem: { } problem } => $"your email address cannot be trusted ({problem}), and this site allows only some email addresses",
        _ => "your account has no email address, and this site allows only some email addresses",
    };
}
