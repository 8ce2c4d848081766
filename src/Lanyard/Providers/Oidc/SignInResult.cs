using Lanyard.Identity;
using Lanyard.Sessions;

namespace Lanyard.Providers.Oidc;

/// <summary>What came of completing a sign-in at the callback.</summary>
internal abstract record SignInResult
{
    private SignInResult()
    {
    }

    /// <param name="Binding">What the session is for (provider, client, issuer, tenant), checked on every later request.</param>
    public sealed record SignedIn(UserIdentity Identity, SessionTokens Tokens, SessionBinding Binding) : SignInResult;

    /// <summary>The provider's answer was refused (bad code, bad token): the user's sign-in fails with this reason.</summary>
    public sealed record Rejected(string Reason) : SignInResult;

    /// <summary>The provider could not be used (down, misconfigured): not the user's fault.</summary>
    public sealed record ProviderUnavailable(string Reason) : SignInResult;
}
