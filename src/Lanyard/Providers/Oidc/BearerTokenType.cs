namespace Lanyard.Providers.Oidc;

/// <summary>
/// What a validly signed bearer token turned out to be (issue 9, finding 3). A signature and an audience are not
/// enough: an ID token, an app-only token or a token issued to an app this API does not serve are signed by the
/// same keys for the same audience, and must not pass as a user's access token.
/// </summary>
internal abstract record BearerTokenType
{
    private BearerTokenType()
    {
    }

    /// <summary>A delegated token: a user, through a client app.</summary>
    public sealed record DelegatedUser : BearerTokenType;

    /// <summary>An app-only (client credentials) token: a service acting as itself.</summary>
    public sealed record Application : BearerTokenType;

    /// <summary>Not acceptable as a bearer token, for <paramref name="Reason"/>.</summary>
    public sealed record Refused(string Reason) : BearerTokenType;

    public static readonly BearerTokenType User = new DelegatedUser();

    public static readonly BearerTokenType App = new Application();
}
