using Lanyard.Configuration;
using Lanyard.Identity;

namespace Lanyard.Authorization;

/// <summary>
/// Decides whether an identity may pass. Compiled once from the options; evaluating does no I/O.
/// Runs at sign-in and again on every request, so a rule tightened by a restart applies to existing sessions.
/// </summary>
internal sealed class AccessEvaluator(AccessOptions options)
{
    private readonly EmailDomainRule _emailDomains = new(options.EmailDomains);

    public AccessDecision Decide(UserIdentity? identity)
    {
        if (identity is null)
        {
            return AccessDecision.NotSignedIn;
        }

        if (!_emailDomains.Allows(identity.Email))
        {
            return new AccessDecision.Deny("email_domains", identity.Email is null
                ? "your account has no email address, and this site allows only some email domains"
                : "your email domain is not allowed here");
        }

        return new AccessDecision.Allow(identity);
    }
}
