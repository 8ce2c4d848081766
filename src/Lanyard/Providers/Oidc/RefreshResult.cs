using Lanyard.Identity;
using Lanyard.Sessions;

namespace Lanyard.Providers.Oidc;

/// <summary>What came of refreshing a session's tokens.</summary>
internal abstract record RefreshResult
{
    private RefreshResult()
    {
    }

    public sealed record Refreshed(UserIdentity Identity, SessionTokens Tokens) : RefreshResult;

    public sealed record Failed(string Reason) : RefreshResult;
}
