namespace Lanyard.Authorization.Routes;

/// <summary>What the route rules say about a request: a closed set, and every consumer's switch ends in "sign in".</summary>
internal abstract record RouteVerdict
{
    private RouteVerdict()
    {
    }

    /// <summary><paramref name="Rule"/> lets the request pass without a sign-in.</summary>
    public sealed record SkipAuth(RouteRule Rule) : RouteVerdict;

    /// <summary>The request needs a signed-in identity; without one it is answered 401 when <paramref name="ApiRoute"/> is set.</summary>
    public sealed record Authenticate(RouteRule? ApiRoute) : RouteVerdict;

    public static readonly RouteVerdict SignInRequired = new Authenticate(null);
}
