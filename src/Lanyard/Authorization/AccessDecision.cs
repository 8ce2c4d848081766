using Lanyard.Identity;

namespace Lanyard.Authorization;

/// <summary>The outcome of the authorization stage: a closed set, and every consumer must end its switch in deny.</summary>
internal abstract record AccessDecision
{
    private AccessDecision()
    {
    }

    /// <summary>Signed in and every rule passed.</summary>
    public sealed record Allow(UserIdentity Identity) : AccessDecision;

    /// <summary>No (valid) session: sign in first.</summary>
    public sealed record Unauthenticated : AccessDecision;

    /// <summary>Signed in, but <paramref name="Rule"/> (the option's name) refused, for <paramref name="Reason"/>.</summary>
    public sealed record Deny(string Rule, string Reason) : AccessDecision;

    public static readonly AccessDecision NotSignedIn = new Unauthenticated();
}
