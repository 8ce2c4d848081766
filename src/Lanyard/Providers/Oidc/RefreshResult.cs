using Lanyard.Identity;
using Lanyard.Sessions;

namespace Lanyard.Providers.Oidc;

/// <summary>What came of refreshing a session's tokens.</summary>
internal abstract record RefreshResult
{
    private RefreshResult()
    {
    }

    /// <param name="Binding">From the refreshed ID token, or the session's own when the provider sent none.</param>
    public sealed record Refreshed(UserIdentity Identity, SessionTokens Tokens, SessionBinding? Binding) : RefreshResult;

    /// <summary>Refused: the session must end.</summary>
    public sealed record Failed(string Reason) : RefreshResult;

    /// <summary>The provider could not be asked: try again later.</summary>
    public sealed record Unavailable(string Reason) : RefreshResult;
}
